import { randomUUID } from "node:crypto";
import type { OrgState } from "../../state/org-state";
import type { SiteSetting } from "../../state/types";

/** Every site has a setting from birth (GET …/setting never 404s for an existing site). */
export function createSiteSetting(org: OrgState, siteId: string, now: number): SiteSetting {
  const setting: SiteSetting = {
    id: randomUUID(),
    site_id: siteId,
    org_id: org.id,
    for_site: true,
    vars: {},
    auto_upgrade: { enabled: false },
    created_time: now,
    modified_time: now,
  };
  org.settings.set(siteId, setting);
  return setting;
}

/**
 * Deleting a site takes its setting with it and returns its devices to the org inventory as
 * unassigned (assumed; Mist does not document what happens to assigned devices).
 */
export function deleteSite(org: OrgState, siteId: string, now: number): void {
  org.sites.delete(siteId);
  org.settings.delete(siteId);
  for (const item of org.inventory.values()) {
    if (item.site_id !== siteId) continue;
    item.site_id = null;
    item.modified_time = now;
    org.devices.delete(item.mac);
  }
}
