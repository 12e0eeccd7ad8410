import type { RedisClient } from "@mistflow/config";
import {
  DRIFTED_OBJECTS,
  type GaugeFamily,
  MIST_BUDGET_REMAINING,
  MIST_COOLDOWN,
  mergeExposition,
  metricsKey,
  QUEUE_PAUSED,
  RECORDED_METRICS,
  renderPrometheus,
} from "@mistflow/metrics";
import type { TokenPool } from "@mistflow/mist-client";
import type { DriftStore } from "@mistflow/plan";
import type { Queue } from "bullmq";
import { Hono } from "hono";

export interface MetricsSources {
  queues: Queue[];
  /** With Redis and the prefix, the totals every process flushed (steps, deployments, Mist calls). */
  redis?: RedisClient;
  prefix?: string;
  /** The configured Mist tokens, for the budget left per alias. */
  mist?: TokenPool | undefined;
  /** The last scheduled drift report of each org, for the drift gauge. */
  drift?: DriftStore | undefined;
}

/**
 * `GET /metrics` in Prometheus text: job counts per queue and state as BullMQ exports them
 * (`bullmq_job_count{queue, state}`, which the KEDA triggers read), the system-wide totals every
 * worker flushes to Redis, and each token's budget left. Numbers only, no job data, no token:
 * safe to scrape without a key.
 */
export function metricsRoutes(queuesOrSources: Queue[] | MetricsSources) {
  const sources = Array.isArray(queuesOrSources) ? { queues: queuesOrSources } : queuesOrSources;
  const app = new Hono();
  app.get("/metrics", async (c) => {
    const { queues, redis, prefix, mist, drift } = sources;
    const [texts, paused, recorded, usage, reports] = await Promise.all([
      Promise.all(queues.map((q) => q.exportPrometheusMetrics({ service: "mistflow" }))),
      Promise.all(
        queues.map(async (q) => ({ labels: { queue: q.name }, value: (await q.isPaused()) ? 1 : 0 })),
      ),
      redis && prefix ? redis.hgetall(metricsKey(prefix)) : Promise.resolve({}),
      mist ? mist.usageByAlias() : Promise.resolve([]),
      drift ? drift.all() : Promise.resolve([]),
    ]);
    const gauges: GaugeFamily[] = [{ def: QUEUE_PAUSED, samples: paused }];
    if (usage.length > 0) {
      gauges.push(
        {
          def: MIST_BUDGET_REMAINING,
          samples: usage.map((u) => ({
            labels: { token_alias: u.alias },
            value: Math.max(0, u.budget - u.used),
          })),
        },
        {
          def: MIST_COOLDOWN,
          samples: usage.map((u) => ({ labels: { token_alias: u.alias }, value: u.coolingDownForMs / 1000 })),
        },
      );
    }
    if (reports.length > 0)
      gauges.push({
        def: DRIFTED_OBJECTS,
        samples: reports.flatMap((r) => [
          { labels: { org_id: r.org_id, scope: "object" }, value: r.summary.objects_drifted },
          { labels: { org_id: r.org_id, scope: "site" }, value: r.summary.sites_drifted },
        ]),
      });
    const body = mergeExposition(texts) + renderPrometheus(RECORDED_METRICS, recorded, gauges);
    return c.text(body, 200, { "content-type": "text/plain; version=0.0.4" });
  });
  return app;
}
