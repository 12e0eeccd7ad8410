export interface CounterDef {
  type: "counter";
  name: string;
  help: string;
}

export interface HistogramDef {
  type: "histogram";
  name: string;
  help: string;
  /** Upper bounds, ascending; `+Inf` is implied. */
  buckets: readonly number[];
}

export interface GaugeDef {
  type: "gauge";
  name: string;
  help: string;
}

export type MetricDef = CounterDef | HistogramDef | GaugeDef;

export const STEP_DURATION = {
  type: "histogram",
  name: "mistflow_step_duration_seconds",
  help: "Time one attempt of a deployment step took, by step and outcome (succeeded, retrying, failed, parked, skipped)",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
} as const satisfies HistogramDef;

export const DEPLOYMENTS = {
  type: "counter",
  name: "mistflow_deployments_total",
  help: "Deployments that ended, by outcome (succeeded, failed)",
} as const satisfies CounterDef;

export const MIST_CALLS = {
  type: "counter",
  name: "mistflow_mist_calls_total",
  help: "HTTP attempts against the Mist API, by method, route template and status (or timeout, network)",
} as const satisfies CounterDef;

export const MIST_RATE_LIMITED = {
  type: "counter",
  name: "mistflow_mist_rate_limited_total",
  help: "Mist answers with status 429, by token alias",
} as const satisfies CounterDef;

export const MIST_BUDGET_REMAINING = {
  type: "gauge",
  name: "mistflow_mist_budget_remaining",
  help: "Mist calls left in the current rate window of each token, by token alias",
} as const satisfies GaugeDef;

export const MIST_COOLDOWN = {
  type: "gauge",
  name: "mistflow_mist_cooldown_seconds",
  help: "Seconds every process still waits after a 429 on this token, by token alias",
} as const satisfies GaugeDef;

export const QUEUE_PAUSED = {
  type: "gauge",
  name: "mistflow_queue_paused",
  help: "1 when the queue is paused",
} as const satisfies GaugeDef;

export const DRIFTED_OBJECTS = {
  type: "gauge",
  name: "mistflow_drifted_objects",
  help: "Org objects and sites that differ from what mistflow recorded, at the last scheduled drift check",
} as const satisfies GaugeDef;

/** Every metric the processes flush to Redis, in the order `/metrics` prints them. */
export const RECORDED_METRICS: readonly MetricDef[] = [
  STEP_DURATION,
  DEPLOYMENTS,
  MIST_CALLS,
  MIST_RATE_LIMITED,
];
