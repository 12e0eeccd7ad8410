import { desiredWlans, wlanIdentity } from "@mistflow/desired-state";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { idFrom, keyed, type OrgStepHandler } from "./step-context";

/** Step 10: org WLANs live in the WLAN template; an SSID is identified within its template. */
export const ensureWlans: OrgStepHandler = async (ctx) => {
  if (ctx.blueprint.wlans.length === 0) return { mist_ids: {}, note: "the blueprint defines no WLANs" };
  const templateId = idFrom(ctx, "s08", "wlantemplate_id");
  const r = await ensureObjects(ctx, {
    kind: "wlans",
    desired: desiredWlans(ctx.blueprint, templateId),
    identity: wlanIdentity,
  });
  const bySsid = new Map([...r.ids].map(([identity, id]) => [identity.slice(templateId.length + 1), id]));
  return ensuredOutcome(keyed("wlan", bySsid), "WLANs", r);
};
