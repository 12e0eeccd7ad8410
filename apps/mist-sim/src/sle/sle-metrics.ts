/**
 * The Wi-Fi SLE metrics the simulator emulates, by their org-insights names. The site endpoints call
 * "Successful Connects" `failed-to-connect` (Mist's SLE API note, docs/design/mist-api.md §2.15) while the org roll-up
 * calls it `successful-connect`; both carry the success fraction, only the name differs.
 */
export const SLE_METRICS = [
  "time-to-connect",
  "successful-connect",
  "coverage",
  "capacity",
  "roaming",
  "throughput",
  "ap-availability",
] as const;
export type SleMetric = (typeof SLE_METRICS)[number];

const SITE_NAMES: Record<SleMetric, string> = {
  "time-to-connect": "time-to-connect",
  "successful-connect": "failed-to-connect",
  coverage: "coverage",
  capacity: "capacity",
  roaming: "roaming",
  throughput: "throughput",
  "ap-availability": "ap-availability",
};

/** Name used by `/sites/{id}/sle/...` paths and `listSiteSlesMetrics`. */
export function siteMetricName(metric: SleMetric): string {
  return SITE_NAMES[metric];
}

/** Site metric names in the order `listSiteSlesMetrics` reports them. */
export const SITE_METRIC_NAMES: readonly string[] = SLE_METRICS.map(siteMetricName);

/** Accepts either spelling (`failed-to-connect` or `successful-connect`); undefined if unknown. */
export function parseSleMetric(name: string): SleMetric | undefined {
  if ((SLE_METRICS as readonly string[]).includes(name)) return name as SleMetric;
  return SLE_METRICS.find((m) => SITE_NAMES[m] === name);
}

/** Classifier names per metric, from Mist's SLE API documentation (docs/design/mist-api.md §2.15). */
export const SLE_CLASSIFIERS: Record<SleMetric, readonly string[]> = {
  "time-to-connect": ["association", "authorization", "DHCP", "IP-Services"],
  "successful-connect": ["association", "authorization", "DHCP", "IP-Services"],
  coverage: ["weak-signal", "asymmetry-downlink", "asymmetry-uplink"],
  capacity: ["wifi-interference", "non-wifi-interference", "AP-load"],
  roaming: ["signal-quality", "latency", "stability"],
  throughput: ["capacity", "coverage", "device-capability", "network-issues"],
  "ap-availability": ["ap-disconnected", "switch-down", "site-down"],
};

/** `ap-availability` counts AP time; every other Wi-Fi SLE counts user time. */
export function sleYLabel(metric: SleMetric): string {
  return metric === "ap-availability" ? "ap-minutes" : "user-minutes";
}
