export {
  type CounterDef,
  DEPLOYMENTS,
  type GaugeDef,
  type HistogramDef,
  type MetricDef,
  MIST_BUDGET_REMAINING,
  MIST_CALLS,
  MIST_COOLDOWN,
  MIST_RATE_LIMITED,
  QUEUE_PAUSED,
  RECORDED_METRICS,
  STEP_DURATION,
} from "./metric-defs";
