import fc from "fast-check";
import ipaddr from "ipaddr.js";
import type { IpamConfigInput } from "../config";

/** Zone codes the schema accepts: ZN-A, ZN-B, ... */
const zoneCode = (i: number): string => `ZN-${String.fromCharCode(65 + i)}`;

/**
 * Any valid layout: supernet /8../16 at a random base, up to 16 zones, up to 1,024 sites a zone,
 * 1..8 roles greedily kept while they fit, and IPv6 half the time. Sizes are drawn as bits relative
 * to the parent prefix so every draw is structurally valid; the schema still has the last word.
 */
export const layoutInput: fc.Arbitrary<IpamConfigInput> = fc
  .record({
    base: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    supernetLen: fc.integer({ min: 8, max: 16 }),
    zoneBits: fc.integer({ min: 0, max: 4 }),
    zoneFill: fc.double({ min: 0, max: 1, noNaN: true }),
    siteBits: fc.integer({ min: 0, max: 10 }),
    roles: fc.array(
      fc.record({ bits: fc.integer({ min: 0, max: 8 }), dhcp: fc.boolean(), last: fc.boolean() }),
      { minLength: 1, maxLength: 8 },
    ),
    ula: fc.option(
      fc.record({ globalId: fc.integer({ min: 0, max: 0xffffff }), slack: fc.integer({ min: 0, max: 6 }) }),
    ),
  })
  .map(({ base, supernetLen, zoneBits, zoneFill, siteBits, roles, ula }) => {
    const zonePrefixLength = supernetLen + zoneBits;
    const sitePrefixLength = Math.min(zonePrefixLength + siteBits, 30);
    const network = BigInt(base) & ~((1n << BigInt(32 - supernetLen)) - 1n);
    const bytes = [24n, 16n, 8n, 0n].map((s) => Number((network >> s) & 0xffn));
    const zoneCount = 1 + Math.floor(zoneFill * (2 ** zoneBits - 1));
    const siteSize = 2 ** (32 - sitePrefixLength);
    let used = 0;
    const kept = roles
      .map((r, i) => ({ ...r, i, prefixLength: Math.min(sitePrefixLength + r.bits, 30) }))
      .filter((r) => {
        const size = 2 ** (32 - r.prefixLength);
        if (used + size > siteSize) return false;
        used += size;
        return true;
      });
    const totalSiteBits = sitePrefixLength - supernetLen;
    return {
      supernet: `${ipaddr.fromByteArray(bytes).toString()}/${supernetLen}`,
      zonePrefixLength,
      sitePrefixLength,
      zones: Array.from({ length: zoneCount }, (_, i) => ({ code: zoneCode(i), name: `Zone ${i}` })),
      roles: kept.map((r) => ({
        name: `role_${r.i}`,
        vlan: 100 + r.i,
        prefixLength: r.prefixLength,
        dhcp: r.dhcp,
        gatewayHost: r.last ? ("last" as const) : ("first" as const),
      })),
      ...(ula && {
        ipv6: {
          ulaPrefix: `fd${(ula.globalId >> 16).toString(16).padStart(2, "0")}:${(ula.globalId & 0xffff).toString(16)}::/32`,
          sitePrefixLength: 32 + totalSiteBits + ula.slack,
        },
      }),
    };
  });
