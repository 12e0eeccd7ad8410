import { claimCodeKey } from "../../seed/schema";
import { newInventoryItem } from "../../state/devices";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import type { InventoryItem } from "../../state/types";

interface ClaimedDevice {
  mac: string;
  magic: string;
  model: string;
  serial: string;
  type: string;
}

/** Spec `response_inventory`; `reason` is parallel to `error`. */
export interface ClaimResult {
  added: string[];
  duplicated: string[];
  error: string[];
  reason: string[];
  inventory_added: ClaimedDevice[];
  inventory_duplicated: ClaimedDevice[];
}

const summary = (i: InventoryItem): ClaimedDevice => ({
  mac: i.mac,
  magic: i.magic,
  model: i.model,
  serial: i.serial,
  type: i.type,
});

/**
 * Claim devices by code (docs/design/mist-api.md §2.4). Codes are matched ignoring case and dashes. An owned code is
 * `duplicated`, not an error; a code owned elsewhere fails with the spec's "belongs to another org"
 * reason; an unknown code fails with "invalid claim code" (assumed wording).
 */
export function claimCodes(state: SimState, org: OrgState, codes: readonly string[]): ClaimResult {
  const result: ClaimResult = {
    added: [],
    duplicated: [],
    error: [],
    reason: [],
    inventory_added: [],
    inventory_duplicated: [],
  };
  const now = state.nowSeconds();
  for (const code of codes) {
    const device = state.pool.get(claimCodeKey(code));
    if (!device) {
      result.error.push(code);
      result.reason.push("invalid claim code");
      continue;
    }
    const owner = state.ownerOf(device.mac);
    if (owner === org) {
      const item = org.inventory.get(device.mac);
      result.duplicated.push(code);
      if (item) result.inventory_duplicated.push(summary(item));
    } else if (owner) {
      result.error.push(code);
      result.reason.push(`belongs to another org ('${owner.id}' (other) != '${org.id}' (you))`);
    } else {
      const item = newInventoryItem(device, org.id, now);
      org.inventory.set(item.mac, item);
      result.added.push(code);
      result.inventory_added.push(summary(item));
    }
  }
  return result;
}

/** "200 if any of entries are valid or there's no errors, otherwise 400 with the same body" (spec). */
export function claimStatus(result: ClaimResult): 200 | 400 {
  const valid = result.added.length + result.duplicated.length > 0;
  return valid || result.error.length === 0 ? 200 : 400;
}
