import { type Cidr, lastAddress } from "../net";

/**
 * Subnets of /26 or larger keep their first 10 host addresses (network+1 .. network+10) out of DHCP
 * for infrastructure with static addresses: the gateway and VRRP peers, switches, APs, printers.
 * Smaller subnets can't spare that; their pool is every usable address except the gateway.
 */
export const INFRA_RESERVED_HOSTS = 10n;
export const INFRA_RESERVATION_MAX_PREFIX = 26;

export interface HostPlan {
  gateway: bigint;
  dhcp: { start: bigint; end: bigint } | undefined;
}

/**
 * Gateway is the first usable address (network+1) or the last (broadcast-1). The DHCP pool runs from
 * the first address after the reservation to the last usable address, stepping around the gateway
 * when it sits at either end.
 */
export function hostPlan(subnet: Cidr, opts: { gatewayHost: "first" | "last"; dhcp: boolean }): HostPlan {
  const firstUsable = subnet.network + 1n;
  const lastUsable = lastAddress(subnet) - 1n;
  const gateway = opts.gatewayHost === "first" ? firstUsable : lastUsable;
  if (!opts.dhcp) return { gateway, dhcp: undefined };
  const reserved = subnet.prefixLength <= INFRA_RESERVATION_MAX_PREFIX ? INFRA_RESERVED_HOSTS : 0n;
  const start =
    gateway === firstUsable ? firstUsable + (reserved > 0n ? reserved : 1n) : firstUsable + reserved;
  const end = gateway === lastUsable ? lastUsable - 1n : lastUsable;
  return { gateway, dhcp: { start, end } };
}
