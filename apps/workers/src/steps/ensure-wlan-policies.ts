import { desiredWlanPolicies, wlanPolicyIdentity } from "@mistflow/desired-state";
import { StepFailure } from "@mistflow/worker-runtime";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { idFrom, keyed, namedIds, type OrgStepHandler } from "./step-context";

/**
 * Step 12: WLAN policies (wxrules). They have no name in Mist, so a rule is identified by its
 * template and order, which the blueprint owns.
 */
export const ensureWlanPolicies: OrgStepHandler = async (ctx) => {
  if (ctx.blueprint.wlan_policies.length === 0)
    return { mist_ids: {}, note: "the blueprint defines no WLAN policies" };
  const templateId = idFrom(ctx, "s08", "wlantemplate_id");
  const tags = namedIds(ctx, "s11", "wxtag");
  const desired = desiredWlanPolicies(ctx.blueprint, templateId, (n) => {
    const id = tags[n];
    if (!id) throw new StepFailure(`WLAN policy refers to label ${n}, which step 11 did not create`);
    return id;
  });
  const r = await ensureObjects(ctx, { kind: "wxrules", desired, identity: wlanPolicyIdentity });
  const byOrder = new Map([...r.ids].map(([identity, id]) => [identity.slice(templateId.length + 1), id]));
  return ensuredOutcome(keyed("wxrule", byOrder), "WLAN policies", r);
};
