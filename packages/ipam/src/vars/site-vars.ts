import type { SitePlan } from "../plan";

/** Describe the allocation itself; `mergeVars` refuses to override them. */
export const IDENTITY_VARS = ["site_block", "site_block6", "site_zone", "site_index"] as const;

/**
 * Flattens a plan into Mist site variables (all values strings, as Mist stores them):
 *
 * | variable | example (data role, NA-EAST index 1) |
 * |---|---|
 * | `site_block` / `site_zone` / `site_index` | `10.0.4.0/22` / `NA-EAST` / `1` |
 * | `R_subnet` / `R_prefix` / `R_netmask` | `10.0.4.0/24` / `24` / `255.255.255.0` |
 * | `R_gateway` / `R_vlan` | `10.0.4.1` / `10` |
 * | `R_dhcp_start` / `R_dhcp_end` (dhcp roles only) | `10.0.4.11` / `10.0.4.254` |
 * | `site_block6`, `R_subnet6` / `R_gateway6` (IPv6 enabled) | `fd12:3456:1::/48`, `fd12:3456:1::/64` / `fd12:3456:1::1` |
 *
 * No two roles can produce the same name: every suffix starts with "_" and none ends with another.
 */
export function siteVars(plan: SitePlan): Record<string, string> {
  const vars: Record<string, string> = {
    site_block: plan.block,
    site_zone: plan.zone,
    site_index: String(plan.index),
  };
  if (plan.ipv6) vars.site_block6 = plan.ipv6.block;
  for (const [name, role] of Object.entries(plan.roles)) {
    vars[`${name}_subnet`] = role.subnet;
    vars[`${name}_prefix`] = String(role.prefixLength);
    vars[`${name}_netmask`] = role.netmask;
    vars[`${name}_gateway`] = role.gateway;
    vars[`${name}_vlan`] = String(role.vlan);
    if (role.dhcpStart !== undefined && role.dhcpEnd !== undefined) {
      vars[`${name}_dhcp_start`] = role.dhcpStart;
      vars[`${name}_dhcp_end`] = role.dhcpEnd;
    }
    const v6 = plan.ipv6?.roles[name];
    if (v6) {
      vars[`${name}_subnet6`] = v6.subnet;
      vars[`${name}_gateway6`] = v6.gateway;
    }
  }
  return vars;
}
