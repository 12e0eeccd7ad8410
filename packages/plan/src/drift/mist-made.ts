import type { MistMadeChange, PlanFieldChange } from "@mistflow/contracts";
import type { MarvisConfigAction } from "@mistflow/mist-client";

/** How far back the drift check looks for Marvis's actions. */
export const MARVIS_LOOKBACK_DAYS = 7;

/**
 * Whether a drift path is the field a Marvis action changed: the action names a device (`mac`)
 * and usually a port (`port_id`, e.g. `ge-0/0/13`); a path through that port
 * (`port_config.ge-0/0/13.disabled`), or for an action without a port through that device, is
 * Marvis's doing.
 */
function explains(action: MarvisConfigAction, path: string): boolean {
  if (action.port_id) return path.includes(action.port_id);
  return action.mac ? path.includes(action.mac) : false;
}

/**
 * One bound site's drift split into what mistflow should put back and what Marvis changed
 * itself: every Marvis action of the site is listed, with the drift paths it explains moved onto
 * it, so converge never undoes Marvis's work.
 */
export function splitMistMade(
  site: { site_id: string; site_name: string },
  changes: readonly PlanFieldChange[],
  actions: readonly MarvisConfigAction[],
): { drift: PlanFieldChange[]; mistMade: MistMadeChange[] } {
  const taken = new Set<PlanFieldChange>();
  const mistMade = actions.map((a): MistMadeChange => {
    const explained = changes.filter((c) => !taken.has(c) && explains(a, c.path));
    for (const c of explained) taken.add(c);
    return {
      ...site,
      source: "marvis",
      action_id: a.id,
      mac: a.mac ?? null,
      port_id: a.port_id ?? null,
      op: a.op ?? null,
      reason: a.reason ?? null,
      at: typeof a.timestamp === "number" ? new Date(a.timestamp * 1000).toISOString() : null,
      ...(explained.length > 0 ? { changes: explained } : {}),
    };
  });
  return { drift: changes.filter((c) => !taken.has(c)), mistMade };
}
