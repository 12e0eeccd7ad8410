import type { OrgState } from "../../state/org-state";
import { isCollectionKind } from "../../state/types";

/** Kinds served by `GET /__sim/orgs/{org_id}/{kind}` besides the org collections. */
export const EXTRA_DUMP_KINDS = ["sites", "settings", "inventory", "devices", "upgrades"] as const;

/**
 * Everything of one kind, unpaged, as stored. `settings` is a map site_id → setting.
 * Returns undefined for an unknown kind.
 */
export function dumpKind(org: OrgState, kind: string): unknown {
  switch (kind) {
    case "sites":
      return org.sites.list();
    case "settings":
      return Object.fromEntries(org.settings);
    case "inventory":
      return [...org.inventory.values()];
    case "devices":
      return [...org.devices.values()];
    // Every site upgrade as created: `targets` (MAC → version) are the devices it really upgrades.
    case "upgrades":
      return [...org.upgrades.values()];
    default:
      return isCollectionKind(kind) ? org.collection(kind).list() : undefined;
  }
}
