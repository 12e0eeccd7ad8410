import type { Queue } from "bullmq";
import { Hono } from "hono";

/**
 * `GET /metrics`: job counts per queue and state in Prometheus text, as BullMQ exports them
 * (`bullmq_job_count{queue, state}`). Counts only, no job data: safe to scrape without a key.
 */
export function metricsRoutes(queues: Queue[]) {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    const texts = await Promise.all(queues.map((q) => q.exportPrometheusMetrics({ service: "mistflow" })));
    // Each export repeats the HELP/TYPE header; Prometheus wants it once per metric.
    const seen = new Set<string>();
    const lines = texts
      .join("\n")
      .split("\n")
      .filter((line) => {
        if (!line.startsWith("#")) return line.trim() !== "";
        if (seen.has(line)) return false;
        seen.add(line);
        return true;
      });
    return c.text(`${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4" });
  });
  return app;
}
