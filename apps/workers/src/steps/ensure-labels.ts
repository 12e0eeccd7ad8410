import { byName, desiredLabels } from "@mistflow/desired-state";
import { StepFailure } from "@mistflow/worker-runtime";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import { keyed, namedIds, type OrgStepHandler } from "./step-context";

/**
 * Step 11: labels (wxtags). Mist matches `wlan_id` labels on WLAN ids, not SSIDs, so the
 * blueprint's `wlan_ssids` become the ids step 10 recorded.
 */
export const ensureLabels: OrgStepHandler = async (ctx) => {
  const wlanIds = namedIds(ctx, "s10", "wlan");
  const desired = desiredLabels(ctx.blueprint, (ssid, label) => {
    const id = wlanIds[ssid];
    if (!id) throw new StepFailure(`label ${label}: WLAN ${ssid} was not created by step 10`);
    const retained = (ctx.retainedWlanIds?.[ssid] ?? []).filter((r) => r !== id);
    return retained.length > 0 ? [id, ...retained] : id;
  });
  const r = await ensureObjects(ctx, { kind: "wxtags", desired, identity: byName });
  return ensuredOutcome(keyed("wxtag", r.ids), "labels", r);
};
