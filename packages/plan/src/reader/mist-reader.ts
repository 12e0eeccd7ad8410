import type {
  InventoryItem,
  MarvisConfigAction,
  MistClient,
  OrgObject,
  OrgObjectKind,
  OrgSetting,
  Site,
  SiteSetting,
} from "@mistflow/mist-client";

/**
 * The only Mist operations a dry run may use: lists and gets, nothing that writes. Each one is
 * made once per plan (memoized), so a plan of a thousand sites of one org lists the org's
 * objects once and reads each existing site's settings once.
 */
export interface MistReader {
  sites(orgId: string): Promise<Site[]>;
  siteSetting(orgId: string, siteId: string): Promise<SiteSetting>;
  objects(orgId: string, kind: OrgObjectKind, query?: Readonly<Record<string, string>>): Promise<OrgObject[]>;
  /** Every device of the org's inventory, of every type. */
  inventory(orgId: string): Promise<InventoryItem[]>;
  orgSetting(orgId: string): Promise<OrgSetting>;
  /** What Marvis self-driving changed at the site over the last `days` days. */
  marvisActions(orgId: string, siteId: string, days: number): Promise<MarvisConfigAction[]>;
  /** Read operations made so far; a listing of several pages counts once. */
  readonly reads: number;
}

export function mistReader(clientFor: (orgId: string) => Promise<MistClient>): MistReader {
  const memo = new Map<string, Promise<unknown>>();
  let reads = 0;
  const once = <T>(key: string, orgId: string, load: (mist: MistClient) => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      reads++;
      p = clientFor(orgId).then(load);
      memo.set(key, p);
    }
    return p;
  };
  return {
    sites: (orgId) => once(`sites|${orgId}`, orgId, (m) => m.sites.list(orgId)),
    siteSetting: (orgId, siteId) => once(`setting|${siteId}`, orgId, (m) => m.sites.getSetting(siteId)),
    objects: (orgId, kind, query) =>
      once(`objects|${orgId}|${kind}|${JSON.stringify(query ?? {})}`, orgId, (m) =>
        m.orgObjects.list(orgId, kind, query ? { ...query } : undefined),
      ),
    // One listing per type: Mist lists APs only when `type` is left out, and a comma list of
    // types is valid only from API 2602.x (docs/mist-api-changes.md); one type works everywhere.
    inventory: (orgId) =>
      once(`inventory|${orgId}`, orgId, async (m) =>
        (
          await Promise.all(
            (["ap", "switch", "gateway"] as const).map((type) => m.inventory.list(orgId, { type })),
          )
        ).flat(),
      ),
    orgSetting: (orgId) => once(`org-setting|${orgId}`, orgId, (m) => m.orgSetting.get(orgId)),
    marvisActions: (orgId, siteId, days) =>
      once(`marvis|${siteId}|${days}`, orgId, (m) =>
        m.marvis.searchConfigActions(siteId, { duration: `${days}d` }),
      ),
    get reads() {
      return reads;
    },
  };
}
