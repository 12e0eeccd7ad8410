import type { SleMetric } from "./sle-metrics";

/** FNV-1a: a stable 32-bit hash, so synthetic values are identical on every machine and run. */
function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A healthy site: 0.95–0.99 per site and metric, four decimals, derived from the site id. */
export function baselineSle(siteId: string, metric: SleMetric): number {
  const u = stableHash(`${siteId}/${metric}`) / 2 ** 32;
  return Math.round((0.95 + 0.04 * u) * 10_000) / 10_000;
}

/** Synthetic client load: 4–15 clients per AP, per site. */
export function clientsPerAp(siteId: string): number {
  return 4 + (stableHash(`${siteId}/clients`) % 12);
}
