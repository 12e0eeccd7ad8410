import { byName, ensureObjects, summary } from "./ensure-objects";
import { keyed, type StepHandler } from "./step-context";

/** Step 3: applications (org services) the gateway policies refer to. */
export const ensureApplications: StepHandler = async (ctx) => {
  const r = await ensureObjects(ctx, {
    kind: "services",
    desired: ctx.blueprint.applications,
    identity: byName,
  });
  return { mist_ids: keyed("service", r.ids), note: summary("applications", r) };
};
