import type { SiteUpgrade } from "../firmware/upgrade-types";
import type { MarvisAction } from "../marvis/marvis-action";
import type { OrgSetting } from "../org-policy/org-setting";
import { Collection } from "./collection";
import {
  COLLECTION_KINDS,
  type CollectionKind,
  type InventoryItem,
  type SiteDevice,
  type SiteSetting,
  type StoredObject,
} from "./types";

/** Everything one org owns. Plain data in typed stores, so snapshots are straightforward. */
export class OrgState {
  readonly sites = new Collection<StoredObject>();
  /** Site setting per site id, created together with the site. */
  readonly settings = new Map<string, SiteSetting>();
  readonly collections: Record<CollectionKind, Collection>;
  /** Claimed devices keyed by MAC. */
  readonly inventory = new Map<string, InventoryItem>();
  /** Devices assigned to sites, keyed by MAC. */
  readonly devices = new Map<string, SiteDevice>();
  /** Site multi-device upgrades by id, in creation order. Not part of snapshots. */
  readonly upgrades = new Map<string, SiteUpgrade>();
  /** `GET|PUT /orgs/{id}/setting`; created on first read or write. */
  setting: OrgSetting | undefined;
  /** What Marvis self-driving changed, oldest first (`/sites/{id}/marvis_configs/search`). */
  readonly marvisActions: MarvisAction[] = [];

  constructor(
    readonly id: string,
    public name: string,
  ) {
    this.collections = Object.fromEntries(COLLECTION_KINDS.map((k) => [k, new Collection()])) as Record<
      CollectionKind,
      Collection
    >;
  }

  collection(kind: CollectionKind): Collection {
    return this.collections[kind];
  }
}
