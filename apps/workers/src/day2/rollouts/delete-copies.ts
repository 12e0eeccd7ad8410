import { isMistNotFoundError, type MistClient, type OrgObjectKind, type Site } from "@mistflow/mist-client";

/** Plan kinds a rollout may delete, and where Mist keeps them. */
export const MIST_KIND: Readonly<Record<string, OrgObjectKind>> = {
  wlan_policy: "wxrules",
  wlan: "wlans",
  wlan_template: "templates",
  sitegroup: "sitegroups",
  switch_template: "networktemplates",
  gateway_template: "gatewaytemplates",
  rf_template: "rftemplates",
};
/** What lives inside a template goes before the template, the site group after the WLAN template. */
const ORDER = Object.keys(MIST_KIND);

export interface CopyToDelete {
  kind: string;
  name: string;
  mist_id: string;
}

const SITE_FIELD: Readonly<Record<string, string>> = {
  switch_template: "networktemplate_id",
  gateway_template: "gatewaytemplate_id",
  rf_template: "rftemplate_id",
};

/** A live site still pointing at the object: then it is kept, whatever the plan said. */
function usedBy(sites: readonly Site[], c: CopyToDelete): Site[] {
  return sites.filter((s) => {
    const site = s as Site & Record<string, unknown>;
    if (c.kind === "sitegroup")
      return Array.isArray(site.sitegroup_ids) && site.sitegroup_ids.includes(c.mist_id);
    const field = SITE_FIELD[c.kind];
    return field !== undefined && site[field] === c.mist_id;
  });
}

/**
 * Deletes versioned copies no site uses any more, contents first. Each one is checked against the
 * org's sites as Mist has them now, so a site a person bound meanwhile keeps its template. A copy
 * already gone counts as deleted: a re-delivered phase repeats nothing.
 */
export async function deleteUnusedCopies(
  mist: MistClient,
  orgId: string,
  copies: readonly CopyToDelete[],
): Promise<{ deleted: string[]; kept: string[] }> {
  const sites = await mist.sites.list(orgId);
  const deleted: string[] = [];
  const kept: string[] = [];
  const sorted = [...copies].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const c of sorted) {
    const kind = MIST_KIND[c.kind];
    if (!kind) continue;
    const users = usedBy(sites, c);
    if (users.length > 0) {
      kept.push(`${c.kind} ${c.name}: still used by ${users.map((s) => s.name).join(", ")}`);
      continue;
    }
    try {
      await mist.orgObjects.remove(orgId, kind, c.mist_id);
    } catch (e) {
      if (!isMistNotFoundError(e)) throw e;
    }
    deleted.push(`${c.kind} ${c.name}`);
  }
  return { deleted, kept };
}
