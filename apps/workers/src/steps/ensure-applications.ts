import { byName, desiredApplications } from "@mistflow/desired-state";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { keyed, type OrgStepHandler } from "./step-context";

/** Step 3: applications (org services) the gateway policies refer to. */
export const ensureApplications: OrgStepHandler = async (ctx) => {
  const r = await ensureObjects(ctx, {
    kind: "services",
    desired: desiredApplications(ctx.blueprint),
    identity: byName,
  });
  return ensuredOutcome(keyed("service", r.ids), "applications", r);
};
