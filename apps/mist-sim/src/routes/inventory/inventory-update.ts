import { z } from "zod";
import { defaultVersion, newSiteDevice } from "../../state/devices";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import type { InventoryItem } from "../../state/types";
import { MacInput } from "../collections/common-schemas";

/** Spec `inventory_update`; only the ops the orchestrator needs are emulated. */
export const InventoryUpdate = z.looseObject({
  op: z.enum(["assign", "unassign", "delete"], {
    error: "must be one of assign, unassign, delete (upgrade_to_mist/downgrade_to_jsi are not emulated)",
  }),
  macs: z.array(MacInput).optional(),
  serials: z.array(z.string()).optional(),
  site_id: z.guid().optional(),
  no_reassign: z.boolean().optional(),
  // Deprecated by `mist_configured` (2602.1.1) but still accepted, as Mist does; the ledger marks
  // a request that sends them (see src/deprecations).
  managed: z.boolean().optional(),
  disable_auto_config: z.boolean().optional(),
  mist_configured: z.boolean().optional(),
});
export type InventoryUpdate = z.infer<typeof InventoryUpdate>;

/** Spec `response_org_inventory_change`; `reason` is parallel to `error`. */
export interface InventoryChange {
  op: string;
  success: string[];
  error: string[];
  reason: string[];
}

const REASON_NOT_IN_INVENTORY = "device not found in org inventory";
const REASON_ALREADY_ASSIGNED = "already assigned";

function detach(org: OrgState, item: InventoryItem, now: number): void {
  item.site_id = null;
  item.modified_time = now;
  org.devices.delete(item.mac);
}

/** Assigning creates the site device (id `00000000-0000-0000-1000-<mac>`) with its firmware. */
function attach(state: SimState, org: OrgState, item: InventoryItem, siteId: string, now: number): void {
  if (item.site_id === siteId) return;
  detach(org, item, now);
  item.site_id = siteId;
  const pooled = state.poolDevice(item.mac);
  org.devices.set(item.mac, newSiteDevice(item, siteId, defaultVersion(pooled ?? item), now));
}

/**
 * Apply an inventory op. The caller has validated `site_id` for assign. Per device:
 * - assign: re-assigning to another site moves the device unless `no_reassign` (then an error);
 *   assigning to its current site is a successful no-op.
 * - unassign: an unassigned device is a successful no-op.
 * - delete (release): by MAC or serial; an assigned device is unassigned first (assumed).
 */
export function applyInventoryUpdate(state: SimState, org: OrgState, req: InventoryUpdate): InventoryChange {
  const change: InventoryChange = { op: req.op, success: [], error: [], reason: [] };
  const fail = (key: string, reason: string) => {
    change.error.push(key);
    change.reason.push(reason);
  };
  const now = state.nowSeconds();

  if (req.op === "delete") {
    const bySerial = new Map([...org.inventory.values()].map((i) => [i.serial, i]));
    const targets: Array<[key: string, item: InventoryItem | undefined]> = [
      ...(req.macs ?? []).map((m): [string, InventoryItem | undefined] => [m, org.inventory.get(m)]),
      ...(req.serials ?? []).map((s): [string, InventoryItem | undefined] => [s, bySerial.get(s)]),
    ];
    for (const [key, item] of targets) {
      if (!item) {
        fail(key, REASON_NOT_IN_INVENTORY);
        continue;
      }
      detach(org, item, now);
      org.inventory.delete(item.mac);
      change.success.push(key);
    }
    return change;
  }

  for (const mac of req.macs ?? []) {
    const item = org.inventory.get(mac);
    if (!item) fail(mac, REASON_NOT_IN_INVENTORY);
    else if (req.op === "unassign") {
      if (item.site_id !== null) detach(org, item, now);
      change.success.push(mac);
    } else if (req.site_id === undefined) {
      throw new Error("assign without site_id must be rejected by the caller");
    } else if (req.no_reassign === true && item.site_id !== null && item.site_id !== req.site_id) {
      fail(mac, REASON_ALREADY_ASSIGNED);
    } else {
      attach(state, org, item, req.site_id, now);
      change.success.push(mac);
    }
  }
  return change;
}
