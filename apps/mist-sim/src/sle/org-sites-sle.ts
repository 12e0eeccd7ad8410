import { SLE_METRICS } from "./sle-metrics";
import type { SleSite } from "./sle-site";
import type { SleWindow } from "./sle-window";

/**
 * One `org_site_sle_wifi_result`: each metric's mean over the window (fractions 0..1), metrics
 * without data left out. A site without `ap-availability` data is not listed at all, because the
 * spec requires that key and Mist has nothing to report for such a site.
 */
export function orgSiteSleResult(
  site: SleSite,
  window: SleWindow,
  nowMs: number,
): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {
    site_id: site.siteId,
    num_aps: site.numAps,
    num_clients: site.numClients,
  };
  for (const metric of SLE_METRICS) {
    const mean = site.signals[metric].sample(window.start * 1000, window.end * 1000, nowMs);
    if (mean !== null) result[metric] = Math.round(mean * 1_000_000) / 1_000_000;
  }
  return "ap-availability" in result ? result : undefined;
}
