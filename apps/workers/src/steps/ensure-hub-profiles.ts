import { byName, ensureObjects, summary } from "./ensure-objects";
import { keyed, type StepHandler } from "./step-context";

/** Step 5: hub profiles are device profiles of type gateway (the list defaults to APs otherwise). */
export const ensureHubProfiles: StepHandler = async (ctx) => {
  const desired = ctx.blueprint.hub_profiles.map((p) => ({ ...p, type: "gateway" }));
  const r = await ensureObjects(ctx, {
    kind: "deviceprofiles",
    desired,
    identity: byName,
    listQuery: { type: "gateway" },
  });
  return { mist_ids: keyed("hub_profile", r.ids), note: summary("hub profiles", r) };
};
