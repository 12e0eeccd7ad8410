import type { MistClient } from "../client/mist-client";
import type { OrgSetting } from "../resources/org-setting";
import type { Site } from "../resources/sites";
import { mapLimit } from "../util";
import type { AutoUpgradeCheck, SiteRef } from "./preflight-types";

/** Parallel site-setting reads: gentle on the shared hourly budget. */
const CONCURRENCY = 8;

export interface AutoUpgradeState {
  org_wide: boolean;
  sites: SiteRef[];
}

/**
 * Which of `sites` would auto-upgrade their APs: every one when the org-wide
 * `org_setting.auto_upgrade` (2605.1.0) is on, else those whose `site_setting.auto_upgrade.enabled`
 * is. One org-setting read plus one setting read per site (skipped when org-wide is on).
 */
export async function autoUpgradeSites(
  mist: MistClient,
  orgId: string,
  sites: readonly Site[],
  orgSetting?: OrgSetting,
): Promise<AutoUpgradeState> {
  const setting = orgSetting ?? (await mist.orgSetting.get(orgId));
  const ref = (s: Site): SiteRef => ({ site_id: s.id, site_name: s.name });
  if (setting.auto_upgrade?.enabled === true) return { org_wide: true, sites: sites.map(ref) };
  const on = await mapLimit(sites, CONCURRENCY, async (s) => {
    const siteSetting = (await mist.sites.getSetting(s.id)) as { auto_upgrade?: { enabled?: unknown } };
    return siteSetting.auto_upgrade?.enabled === true;
  });
  return { org_wide: false, sites: sites.filter((_, i) => on[i]).map(ref) };
}

/**
 * Which of the org's sites with these ids would auto-upgrade their APs: what an AP upgrade checks
 * before it is accepted and again before each wave starts.
 */
export async function autoUpgradeForSites(
  mist: MistClient,
  orgId: string,
  siteIds: readonly string[],
): Promise<AutoUpgradeState> {
  const wanted = new Set(siteIds);
  const sites = (await mist.sites.list(orgId)).filter((s) => wanted.has(s.id));
  return autoUpgradeSites(mist, orgId, sites);
}

/** "Paris, Lyon and 3 more": names for a message, never an unbounded list. */
export function siteNames(sites: readonly SiteRef[], max = 5): string {
  const names = sites.slice(0, max).map((s) => s.site_name);
  return sites.length > max ? `${names.join(", ")} and ${sites.length - max} more` : names.join(", ");
}

export function autoUpgradeCheck(state: AutoUpgradeState): AutoUpgradeCheck {
  if (state.org_wide)
    return {
      status: "warning",
      reason:
        "AP auto-upgrade is on for the whole org: Mist may upgrade APs while a canary wave runs; " +
        "AP upgrades are refused until it is off or the request sets override_auto_upgrade",
      ...state,
    };
  if (state.sites.length > 0)
    return {
      status: "warning",
      reason: `AP auto-upgrade is on at ${state.sites.length} site(s): ${siteNames(state.sites)}; AP upgrades of these sites are refused unless the request sets override_auto_upgrade`,
      ...state,
    };
  return { status: "ok", reason: "AP auto-upgrade is off for the org and every site", ...state };
}
