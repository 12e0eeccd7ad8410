import type { SiteSpec } from "@mistflow/contracts";
import { type IpamConfig, mergeVars, planSite, siteVars } from "@mistflow/ipam";

export interface DesiredSite {
  name: string;
  address: string;
  timezone: string;
  country_code: string;
  latlng?: { lat: number; lng: number };
  notes?: string;
  [field: string]: unknown;
}

/** The site fields step 1 sends (create, or a partial PUT that converges drift). */
export function desiredSite(site: SiteSpec): DesiredSite {
  return {
    name: site.name,
    address: site.address,
    timezone: site.timezone,
    country_code: site.country_code,
    ...(site.latlng ? { latlng: site.latlng } : {}),
    ...(site.notes ? { notes: site.notes } : {}),
  };
}

/**
 * The site variables for the IP block at `index` of the site's zone, with the deployment's
 * overrides on top: what step 1 writes and what late binding checks templates against.
 * @throws InvalidOverrideError when an override would leave the site's block
 */
export function desiredSiteVars(
  config: IpamConfig,
  region: string,
  index: number,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  return mergeVars(siteVars(planSite(config, region, index)), overrides);
}
