import {
  type AssuranceSettings,
  type AssuranceVerdict,
  type MetricResult,
  SLE_METRICS,
  type SleMetric,
} from "./assurance";

/** Values of the SLEs Mist reported for a site; a metric without data is absent. */
export type SleValues = Partial<Record<SleMetric, number>>;

export type Thresholds = Record<SleMetric, number>;

/** The workers' `ASSURANCE_*` environment, the last word when neither request nor blueprint says. */
export interface AssuranceDefaults {
  soakS: number;
  pollS: number;
  threshold: number;
}

export interface ResolvedAssurance {
  soakMs: number;
  pollMs: number;
  thresholds: Thresholds;
}

/**
 * A job parked and picked up again counts towards BullMQ's `maxStartedAttempts` (200 in
 * worker-runtime), so a window is never cut into more looks than this; the rest is margin for
 * rate-limit parking.
 */
export const MAX_POLLS_PER_WINDOW = 100;

/** Whether a deployment gets the assurance step: request, then blueprint, then "has devices". */
export function assuranceEnabled(
  request: { assurance?: AssuranceSettings | undefined; devices: Record<string, readonly unknown[]> },
  blueprint: { assurance?: AssuranceSettings | undefined },
): boolean {
  const explicit = request.assurance?.enabled ?? blueprint.assurance?.enabled;
  if (explicit !== undefined) return explicit;
  return Object.values(request.devices).some((list) => list.length > 0);
}

export function resolveAssurance(
  defaults: AssuranceDefaults,
  blueprint: AssuranceSettings | undefined,
  request: AssuranceSettings | undefined,
): ResolvedAssurance {
  const soakMs = Math.round((request?.soak_s ?? blueprint?.soak_s ?? defaults.soakS) * 1000);
  const pollMs = Math.round((request?.poll_s ?? blueprint?.poll_s ?? defaults.pollS) * 1000);
  const thresholds = Object.fromEntries(
    SLE_METRICS.map((m) => [m, request?.thresholds?.[m] ?? blueprint?.thresholds?.[m] ?? defaults.threshold]),
  ) as Thresholds;
  return { soakMs, pollMs: Math.max(pollMs, Math.ceil(soakMs / MAX_POLLS_PER_WINDOW)), thresholds };
}

/**
 * The judged metrics of one site's row of Mist's org SLE roll-up; a site the roll-up does not
 * list, and a metric that is absent or not a number, has no data.
 */
export function sleValuesOf(row: Readonly<Record<string, unknown>> | undefined): SleValues {
  const out: SleValues = {};
  for (const metric of SLE_METRICS) {
    const v = row?.[metric];
    if (typeof v === "number" && Number.isFinite(v)) out[metric] = v;
  }
  return out;
}

/** Each metric against its threshold: at or above passes, below fails, absent is "no data". */
export function judgeMetrics(values: SleValues, thresholds: Thresholds): MetricResult[] {
  return SLE_METRICS.map((metric) => {
    const value = values[metric];
    const threshold = thresholds[metric];
    if (value === undefined) return { metric, threshold, verdict: "no_data" };
    return { metric, value, threshold, verdict: value >= threshold ? "pass" : "fail" };
  });
}

/**
 * One verdict for the site: any metric below its threshold fails it; otherwise it passes if at
 * least one metric has data (a site without roaming clients has no roaming SLE, and that is no
 * fault), and it is "no data" when Mist reported nothing at all.
 */
export function overallVerdict(metrics: readonly MetricResult[]): Exclude<AssuranceVerdict, "pending"> {
  if (metrics.some((m) => m.verdict === "fail")) return "fail";
  return metrics.some((m) => m.verdict === "pass") ? "pass" : "no_data";
}

/** "coverage 0.412 < 0.9, capacity 0.7 < 0.9" — the failing metrics, for notes and messages. */
export function describeFailures(metrics: readonly MetricResult[]): string {
  return metrics
    .filter((m) => m.verdict === "fail")
    .map((m) => `${m.metric} ${m.value?.toFixed(3)} < ${m.threshold}`)
    .join(", ");
}
