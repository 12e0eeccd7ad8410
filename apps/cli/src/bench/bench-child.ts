import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { producerConnection, whenReady } from "@mistflow/config";
import { StepJobData } from "@mistflow/contracts";
import {
  attachedFlowAfter,
  buildDeploymentFlow,
  DEFAULT_RETRY_POLICY,
  QUEUE_NAMES,
  ROOT_JOB_NAME,
} from "@mistflow/queues";
import { FlowProducer } from "bullmq";
import { Hono } from "hono";
import { z } from "zod";
import { startBenchWorker } from "./bench-worker";
import { FairIntakeChild, FairWorkerChild, runFairWorker, serveFairIntake } from "./fair-child";

/**
 * The comparison sides of the benchmarks run as OS processes of their own, like the product does,
 * so neither shares an event loop with the load generator: `mistflow bench --child '<json>'`.
 */
export const BenchChild = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("baseline-intake"),
    redisUrl: z.string(),
    prefix: z.string(),
    port: z.number(),
  }),
  z.object({
    kind: z.literal("raw-worker"),
    redisUrl: z.string(),
    prefix: z.string(),
    queue: z.enum(Object.values(QUEUE_NAMES) as [string, ...string[]]),
    concurrency: z.number().int().positive(),
  }),
  FairIntakeChild,
  FairWorkerChild,
]);
export type BenchChild = z.infer<typeof BenchChild>;

/** The line a child prints once it serves or consumes, which the parent waits for. */
export const CHILD_READY = "bench child ready";

/**
 * The intake baseline: Hono on the same Node adapter, the same producer connection role and the
 * same flow shape, but no validation, no record, no idempotency. The body is read (not parsed) so
 * both sides drain the same request bytes.
 */
async function serveBaseline(cfg: Extract<BenchChild, { kind: "baseline-intake" }>) {
  const redis = producerConnection(cfg.redisUrl);
  redis.on("error", () => {});
  await whenReady(redis);
  const flows = new FlowProducer({ connection: redis, prefix: cfg.prefix });
  flows.on("error", () => {});
  const app = new Hono();
  app.post("/v1/deployments", async (c) => {
    await c.req.text();
    const id = `dep-${randomBytes(12).toString("hex")}`;
    await flows.add(buildDeploymentFlow(id, DEFAULT_RETRY_POLICY));
    return c.json({ id }, 202);
  });
  app.get("/readyz", (c) => c.json({ ok: true }));
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: "127.0.0.1" }, () =>
    console.log(`${CHILD_READY} on port ${(server.address() as AddressInfo).port}`),
  );
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await flows.close();
    redis.disconnect();
  };
}

/**
 * A no-op processor for one queue that still grows the flow exactly as the real steps do: steps 1
 * and 9 attach their subtrees under the root, so the raw run has the same 15 jobs per deployment.
 */
async function runRawWorker(cfg: Extract<BenchChild, { kind: "raw-worker" }>) {
  const close = await startBenchWorker(cfg, async (job, flows) => {
    if (job.name === ROOT_JOB_NAME) return { ok: true };
    const { deployment_id: id, step } = StepJobData.parse(job.data);
    const sub = attachedFlowAfter(id, step, DEFAULT_RETRY_POLICY, cfg.prefix);
    if (sub) await flows.add(sub);
    return { ok: true };
  });
  console.log(CHILD_READY);
  return close;
}

/** Entry of a child: runs until SIGTERM, then closes what it opened. */
export async function runBenchChild(json: string): Promise<number> {
  const cfg = BenchChild.parse(JSON.parse(json));
  const ready = (detail: string) => console.log(`${CHILD_READY}${detail ? ` ${detail}` : ""}`);
  const close =
    cfg.kind === "baseline-intake"
      ? await serveBaseline(cfg)
      : cfg.kind === "raw-worker"
        ? await runRawWorker(cfg)
        : cfg.kind === "fair-intake"
          ? await serveFairIntake(cfg, ready)
          : await runFairWorker(cfg, ready);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  await close();
  return 0;
}
