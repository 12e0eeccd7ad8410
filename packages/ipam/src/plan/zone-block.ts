import type { IpamConfig } from "../config";
import { formatCidr } from "../net";
import { layoutOf, zoneOf } from "./layout";

export interface ZoneInfo {
  code: string;
  name: string;
  /** e.g. "10.0.0.0/11" */
  block: string;
  /** Number of site blocks the zone holds. */
  capacity: number;
}

/**
 * The zone's block: the N-th /zonePrefixLength of the supernet, N being its position in `zones`.
 * @example zoneBlock(DEFAULT_IPAM_CONFIG, "LATAM") // "10.64.0.0/11"
 */
export const zoneBlock = (config: IpamConfig, zoneCode: string): string =>
  formatCidr(zoneOf(layoutOf(config), zoneCode).block);

/** Sites per zone: 2^(sitePrefixLength - zonePrefixLength). */
export const zoneCapacity = (config: IpamConfig): number => layoutOf(config).capacity;

/** Every configured zone with its block, in config order. */
export const listZones = (config: IpamConfig): ZoneInfo[] => {
  const layout = layoutOf(config);
  return [...layout.zones.values()].map((z) => ({
    code: z.code,
    name: z.name,
    block: formatCidr(z.block),
    capacity: layout.capacity,
  }));
};
