import type { LedgerCounts } from "../../middleware/ledger/ledger";
import type { SimState } from "../../state/sim-state";
import { COLLECTION_KINDS } from "../../state/types";

export interface SimCounts {
  orgs: Record<string, Record<string, number>>;
  calls: LedgerCounts;
}

/** Object counts per org plus call totals: the quickest way for a test to assert a rollout's effect. */
export function countState(state: SimState): SimCounts {
  const orgs: SimCounts["orgs"] = {};
  for (const org of state.orgs.values()) {
    const counts: Record<string, number> = { sites: org.sites.size };
    for (const kind of COLLECTION_KINDS) counts[kind] = org.collection(kind).size;
    counts.inventory_claimed = org.inventory.size;
    counts.devices_assigned = [...org.inventory.values()].filter((i) => i.site_id !== null).length;
    orgs[org.id] = counts;
  }
  return { orgs, calls: state.ledger.counts() };
}
