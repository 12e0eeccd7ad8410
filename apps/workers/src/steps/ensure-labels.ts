import { StepFailure } from "@mistflow/worker-runtime";
import { byName, ensureObjects, summary } from "./ensure-objects";
import { keyed, namedIds, type StepHandler } from "./step-context";

/**
 * Step 11: labels (wxtags). Mist matches `wlan_id` labels on WLAN ids, not SSIDs, so the
 * blueprint's `wlan_ssids` become the ids step 10 recorded.
 */
export const ensureLabels: StepHandler = async (ctx) => {
  const wlanIds = namedIds(ctx, "s10", "wlan");
  const desired = ctx.blueprint.labels.map(({ wlan_ssids, ...label }) => {
    if (!wlan_ssids) return label;
    const values = wlan_ssids.map((ssid) => {
      const id = wlanIds[ssid];
      if (!id) throw new StepFailure(`label ${label.name}: WLAN ${ssid} was not created by step 10`);
      return id;
    });
    return { ...label, match: label.match ?? "wlan_id", values };
  });
  const r = await ensureObjects(ctx, { kind: "wxtags", desired, identity: byName });
  return { mist_ids: keyed("wxtag", r.ids), note: summary("labels", r) };
};
