import { byName, desiredNetworks } from "@mistflow/desired-state";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { keyed, type OrgStepHandler } from "./step-context";

/** Step 4: LAN networks, shared by the gateway and switch templates. */
export const ensureNetworks: OrgStepHandler = async (ctx) => {
  const r = await ensureObjects(ctx, {
    kind: "networks",
    desired: desiredNetworks(ctx.blueprint),
    identity: byName,
  });
  return ensuredOutcome(keyed("network", r.ids), "networks", r);
};
