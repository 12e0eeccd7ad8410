import { desiredRebinding } from "@mistflow/desired-state";
import { isMistNotFoundError, type MistClient, type SiteUpdate } from "@mistflow/mist-client";
import type { VersionIds } from "./run-org-steps";

export type MoveResult = { state: "moved"; fields: string[] } | { state: "gone" };

/**
 * One site onto a version's objects: one `GET /sites/{id}` and at most one `PUT`, so the site is
 * on one version or the other, never between. Fields already right are not sent, and a site
 * that is right already gets no write at all (a re-delivered wave repeats nothing).
 */
export async function moveSite(
  mist: MistClient,
  siteId: string,
  ids: VersionIds,
  retiredSitegroupIds: readonly string[],
): Promise<MoveResult> {
  let site: Awaited<ReturnType<MistClient["sites"]["get"]>>;
  try {
    site = await mist.sites.get(siteId);
  } catch (e) {
    if (isMistNotFoundError(e)) return { state: "gone" };
    throw e;
  }
  const patch = desiredRebinding(site, { ...ids, retired_sitegroup_ids: retiredSitegroupIds });
  const fields = Object.keys(patch);
  // The site's own name rides along: the operation's schema requires it.
  if (fields.length > 0) await mist.sites.update(siteId, { name: site.name, ...patch } as SiteUpdate);
  return { state: "moved", fields };
}
