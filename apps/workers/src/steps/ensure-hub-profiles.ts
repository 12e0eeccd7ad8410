import { byName, desiredHubProfiles, HUB_PROFILE_QUERY } from "@mistflow/desired-state";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { keyed, type OrgStepHandler } from "./step-context";

/** Step 5: hub profiles are device profiles of type gateway (the list defaults to APs otherwise). */
export const ensureHubProfiles: OrgStepHandler = async (ctx) => {
  const r = await ensureObjects(ctx, {
    kind: "deviceprofiles",
    desired: desiredHubProfiles(ctx.blueprint),
    identity: byName,
    listQuery: { ...HUB_PROFILE_QUERY },
  });
  return ensuredOutcome(keyed("hub_profile", r.ids), "hub profiles", r);
};
