import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { producerConnection, whenReady } from "@mistflow/config";
import { type FlowJob, FlowProducer } from "bullmq";
import { Hono } from "hono";

export interface BenchIntakeConfig {
  redisUrl: string;
  prefix: string;
  port: number;
}

/**
 * A baseline's intake: Hono on the same Node adapter and the same producer connection role as
 * the intake API, and nothing else. `flowFor` turns the request body into the flow to add; the
 * body is always read, so every baseline drains the same request bytes. Resolves to its close.
 */
export async function serveBenchIntake(
  cfg: BenchIntakeConfig,
  ready: (line: string) => void,
  flowFor: (body: string, id: string) => FlowJob,
): Promise<() => Promise<void>> {
  const redis = producerConnection(cfg.redisUrl);
  redis.on("error", () => {});
  await whenReady(redis);
  const flows = new FlowProducer({ connection: redis, prefix: cfg.prefix });
  flows.on("error", () => {});
  const app = new Hono();
  app.post("/v1/deployments", async (c) => {
    const body = await c.req.text();
    const id = `dep-${randomBytes(12).toString("hex")}`;
    await flows.add(flowFor(body, id));
    return c.json({ id }, 202);
  });
  app.get("/readyz", (c) => c.json({ ok: true }));
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: "127.0.0.1" }, () =>
    ready(`on port ${(server.address() as AddressInfo).port}`),
  );
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await flows.close();
    redis.disconnect();
  };
}
