export { orgSiteSleResult } from "./org-sites-sle";
export { baselineSle, clientsPerAp, stableHash } from "./sle-baseline";
export {
  parseSleMetric,
  SITE_METRIC_NAMES,
  SLE_CLASSIFIERS,
  SLE_METRICS,
  type SleMetric,
  siteMetricName,
  sleYLabel,
} from "./sle-metrics";
export { type SlePoint, SleSignal } from "./sle-signal";
export { type SleSite, sleSite } from "./sle-site";
export { DEFAULT_SLE_CONFIG, type SleConfig, SleStore } from "./sle-store";
export { type SleImpact, sleSummary } from "./sle-summary";
export { parseDuration, parseSleWindow, type SleWindow, sampleInterval } from "./sle-window";
