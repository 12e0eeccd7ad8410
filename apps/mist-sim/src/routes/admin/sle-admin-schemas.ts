import { z } from "zod";
import { parseSleMetric } from "../../sle/sle-metrics";

const SleValue = z.number().min(0).max(1).nullable();
const MetricName = z.string().refine((m) => parseSleMetric(m) !== undefined, {
  message:
    "unknown SLE metric (time-to-connect, successful-connect|failed-to-connect, coverage, capacity, roaming, throughput, ap-availability)",
});

/**
 * `PUT /__sim/sites/{site_id}/sle`: one metric (`{metric, value}`) or several (`{values: {metric: value}}`),
 * from `at` (ms, sim clock) on; without `at` the value holds for all time. `null` = no data.
 */
export const SleUpdate = z
  .strictObject({
    metric: MetricName.optional(),
    value: SleValue.optional(),
    values: z.record(MetricName, SleValue).optional(),
    at: z.number().int().min(0).optional(),
  })
  .refine((u) => u.metric === undefined || u.value !== undefined, {
    path: ["value"],
    message: "required with metric",
  })
  .refine((u) => (u.metric === undefined) !== (u.values === undefined), {
    path: ["metric"],
    message: "send either metric + value or values",
  });
export type SleUpdate = z.infer<typeof SleUpdate>;

export const SleConfigUpdate = z.strictObject({ requireDevices: z.boolean() });

/**
 * `PUT /__sim/sites/{site_id}/sle/post-upgrade`: the values the site's SLEs take from the moment one
 * of its devices finishes a firmware upgrade (a bad build, as a test wants it). Replaces the setting.
 */
export const SlePostUpgradeUpdate = z.strictObject({ values: z.record(MetricName, SleValue) });
