export {
  SLE_METRICS,
  type SleMetric,
} from "./sle-metrics";

export type { SleConfig } from "./sle-store";
