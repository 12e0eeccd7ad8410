import type { IpamConfig } from "../config";
import { type Cidr, FAMILY_BITS, formatAddress, formatCidr, netmask, subnetAt } from "../net";
import { hostPlan } from "./host-plan";
import { type Layout, layoutOf, zoneOf } from "./layout";
import { siteCidr } from "./site-block";

export interface RolePlan {
  /** e.g. "10.0.4.0/24" */
  subnet: string;
  prefixLength: number;
  /** e.g. "255.255.255.0" */
  netmask: string;
  gateway: string;
  /** Present only for roles with `dhcp: true`. */
  dhcpStart?: string;
  dhcpEnd?: string;
  vlan: number;
}

export interface Role6Plan {
  /** The role's /64, e.g. "fd12:3456:0:100::/64" */
  subnet: string;
  /** Always ::1 of the /64. */
  gateway: string;
}

export interface SitePlan {
  zone: string;
  index: number;
  block: string;
  /** Keyed by role name, in config order. */
  roles: Record<string, RolePlan>;
  ipv6?: { block: string; roles: Record<string, Role6Plan> };
}

/**
 * The full plan of one site: its block, and for every role the subnet, gateway, DHCP pool and
 * VLAN. Pure and deterministic: the same (config, zone, index) always yields the same plan.
 * @example planSite(DEFAULT_IPAM_CONFIG, "NA-EAST", 1).roles.data?.gateway // "10.0.4.1"
 */
export function planSite(config: IpamConfig, zoneCode: string, index: number): SitePlan {
  const layout = layoutOf(config);
  const block = siteCidr(layout, zoneOf(layout, zoneCode), index);
  const roles: Record<string, RolePlan> = {};
  for (const { role, offset } of layout.roles) {
    const subnet: Cidr = { family: 4, network: block.network + offset, prefixLength: role.prefixLength };
    const hosts = hostPlan(subnet, role);
    roles[role.name] = {
      subnet: formatCidr(subnet),
      prefixLength: role.prefixLength,
      netmask: netmask(role.prefixLength),
      gateway: formatAddress(hosts.gateway, 4),
      ...(hosts.dhcp && {
        dhcpStart: formatAddress(hosts.dhcp.start, 4),
        dhcpEnd: formatAddress(hosts.dhcp.end, 4),
      }),
      vlan: role.vlan,
    };
  }
  const plan: SitePlan = { zone: zoneCode, index, block: formatCidr(block), roles };
  const ipv6 = planIpv6(layout, block);
  if (ipv6) plan.ipv6 = ipv6;
  return plan;
}

/**
 * The v6 site number is the v4 block's ordinal in the supernet (zone slot * capacity + index), so
 * distinct v4 blocks map to distinct v6 blocks. Role /64s are numbered by config order, not by the
 * v4 packing, so resizing a v4 role never moves its /64.
 */
function planIpv6(layout: Layout, block: Cidr): SitePlan["ipv6"] {
  if (!layout.ipv6) return undefined;
  const ordinal =
    (block.network - layout.supernet.network) >> BigInt(FAMILY_BITS[4] - layout.sitePrefixLength);
  const site6 = subnetAt(layout.ipv6.ula, layout.ipv6.sitePrefixLength, ordinal);
  const roles: Record<string, Role6Plan> = {};
  for (const { role, order } of layout.roles) {
    const subnet = subnetAt(site6, 64, BigInt(order));
    roles[role.name] = { subnet: formatCidr(subnet), gateway: formatAddress(subnet.network + 1n, 6) };
  }
  return { block: formatCidr(site6), roles };
}
