import type { IpamConfig } from "../config";
import { type Cidr, lastAddress, overlaps, parseCidr } from "../net";
import { FAMILY_BITS } from "../net/address";
import { layoutOf } from "./layout";

const later = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const earlier = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export interface SiteSlot {
  zone: string;
  index: number;
  /** The prefix is exactly this site block, not merely inside or across it. */
  exact: boolean;
}

/** "10.1.2.0/24", or a bare address ("10.1.2.1", a gateway) taken as a /32. */
export function parseBlockOrAddress(text: string): Cidr | undefined {
  const t = text.trim();
  // An interface address ("10.1.2.1/24") stands for its subnet: the network is what is in use.
  return parseCidr(t.includes("/") ? t : `${t}/32`, 4)?.cidr;
}

/**
 * Every site slot of the layout an existing prefix overlaps: what must never be handed to a new
 * site while that prefix is in use. A prefix outside every zone overlaps nothing the allocator
 * could hand out, so it needs no slot.
 */
export function overlappingSiteSlots(config: IpamConfig, prefix: Cidr): SiteSlot[] {
  const layout = layoutOf(config);
  if (prefix.family !== 4) return [];
  const siteSize = 1n << BigInt(FAMILY_BITS[4] - layout.sitePrefixLength);
  const out: SiteSlot[] = [];
  for (const zone of layout.zones.values()) {
    if (!overlaps(zone.block, prefix)) continue;
    // bigint: Math.max/min do not take them.
    const from = later(prefix.network, zone.block.network) - zone.block.network;
    const to = earlier(lastAddress(prefix), lastAddress(zone.block)) - zone.block.network;
    for (let i = from / siteSize; i <= to / siteSize; i++) {
      const index = Number(i);
      const exact =
        prefix.prefixLength === layout.sitePrefixLength &&
        prefix.network === zone.block.network + i * siteSize;
      out.push({ zone: zone.code, index, exact });
    }
  }
  return out;
}

/** The values of a site's variables that are IPv4 prefixes or addresses: what its addressing uses. */
export const adoptedPrefixes = (vars: Readonly<Record<string, string>>): string[] =>
  [...new Set(Object.values(vars).filter((v) => typeof v === "string" && parseBlockOrAddress(v)))].sort();
