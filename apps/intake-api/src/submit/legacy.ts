import type { DeploymentRequest, LegacyDeployRequest } from "@mistflow/contracts";

/**
 * The older API numbered zones 1-8 and sites within a zone. Zones map onto our IPAM zones in
 * order; the old site number is kept in the notes so operators can correlate the two systems.
 */
export function fromLegacy(
  legacy: LegacyDeployRequest,
  opts: { regions: readonly string[]; blueprint: string },
): DeploymentRequest {
  const region = opts.regions[legacy.zone_id - 1] ?? opts.regions[0] ?? "NA-EAST";
  return {
    org_id: legacy.org_id,
    site: {
      name: legacy.site_name,
      address: legacy.address ?? legacy.site_name,
      timezone: legacy.timezone ?? "UTC",
      country_code: (legacy.country_code ?? "US").toUpperCase(),
      region,
      notes: `legacy zone ${legacy.zone_id} site ${legacy.site_id}`,
    },
    blueprint: legacy.blueprint ?? opts.blueprint,
    devices: { claim_codes: [], macs: [], serials: legacy.device_serials },
    vars: {},
  };
}
