import type { IpamConfig } from "../config";
import { IpamExhaustedError } from "../errors";
import { type Cidr, formatCidr, subnetAt } from "../net";
import { type Layout, layoutOf, type ZoneLayout, zoneOf } from "./layout";

/** Shared by `siteBlock` and `planSite`: index checks happen in exactly one place. */
export function siteCidr(layout: Layout, zone: ZoneLayout, index: number): Cidr {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`site index must be a non-negative integer, got ${index}`);
  }
  if (index >= layout.capacity)
    throw new IpamExhaustedError({ zone: zone.code, capacity: layout.capacity, index });
  return subnetAt(zone.block, layout.sitePrefixLength, BigInt(index));
}

/**
 * The `index`-th site block of a zone.
 * @example siteBlock(DEFAULT_IPAM_CONFIG, "NA-EAST", 1) // "10.0.4.0/22"
 */
export const siteBlock = (config: IpamConfig, zoneCode: string, index: number): string => {
  const layout = layoutOf(config);
  return formatCidr(siteCidr(layout, zoneOf(layout, zoneCode), index));
};
