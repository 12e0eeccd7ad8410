import { z } from "zod";

/**
 * The Wi-Fi SLEs the assurance step judges, by the names of Mist's org roll-up
 * (`/orgs/{id}/insights/sites-sle`). The site endpoints call "Successful Connects"
 * `failed-to-connect`; the roll-up and this list call it `successful-connect`.
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
export const SleMetric = z.enum(SLE_METRICS);
export type SleMetric = z.infer<typeof SleMetric>;

const fraction = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

/**
 * Assurance settings, in a blueprint (`assurance:`) or a deployment request (`assurance:`); the
 * request wins over the blueprint, which wins over the workers' `ASSURANCE_*` defaults.
 */
export const AssuranceSettings = z.strictObject({
  /** Default: on when the deployment assigns devices (without devices a site has no SLEs). */
  enabled: z.boolean().optional(),
  /** Soak window after late binding, in seconds. */
  soak_s: z
    .number()
    .positive("must be a positive number of seconds")
    .max(7 * 86_400)
    .optional(),
  /** Seconds between two looks at the site's SLEs during the window. */
  poll_s: z.number().positive("must be a positive number of seconds").max(86_400).optional(),
  /** Per-metric success fraction a site must reach (0..1), e.g. `{"coverage": 0.8}`. */
  thresholds: z.partialRecord(SleMetric, fraction).optional(),
});
export type AssuranceSettings = z.infer<typeof AssuranceSettings>;

export const METRIC_VERDICTS = ["pass", "fail", "no_data"] as const;
export const MetricVerdict = z.enum(METRIC_VERDICTS);
export type MetricVerdict = z.infer<typeof MetricVerdict>;

export const MetricResult = z.object({
  metric: SleMetric,
  /** Success fraction over the window (0..1); absent when Mist has no data for the metric. */
  value: z.number().optional(),
  threshold: z.number(),
  verdict: MetricVerdict,
});
export type MetricResult = z.infer<typeof MetricResult>;

/** `pending`: the soak window is still open; the other three are the window's outcome. */
export const ASSURANCE_VERDICTS = ["pending", "pass", "fail", "no_data"] as const;
export const AssuranceVerdict = z.enum(ASSURANCE_VERDICTS);
export type AssuranceVerdict = z.infer<typeof AssuranceVerdict>;

/** What the assurance step keeps on its step record, and `GET /v1/sites/:id/health` answers. */
export const AssuranceReport = z.object({
  verdict: AssuranceVerdict,
  metrics: z.array(MetricResult),
  /** Kept so a redelivered job carries on with the same window instead of starting a new one. */
  window_started_at: z.iso.datetime().optional(),
  window_ends_at: z.iso.datetime().optional(),
  /** When Mist was last asked, and how many times during this window. */
  checked_at: z.iso.datetime().optional(),
  polls: z.number().int().nonnegative().optional(),
});
export type AssuranceReport = z.infer<typeof AssuranceReport>;

/** `GET /v1/sites/:site_id/health`: the site's SLEs over a recent window, judged. */
export const SiteHealth = z.object({
  site_id: z.string(),
  org_id: z.string(),
  /** Epoch seconds, and the duration asked for (`1h` by default). */
  window: z.object({ start: z.number(), end: z.number(), duration: z.string() }),
  verdict: AssuranceVerdict.exclude(["pending"]),
  metrics: z.array(MetricResult),
});
export type SiteHealth = z.infer<typeof SiteHealth>;
