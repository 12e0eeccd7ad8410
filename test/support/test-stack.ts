import { IntakeClient, type LocalStack, startLocalStack } from "@mistflow/cli";
import { type RedisClient, redisClient, scanKeys } from "@mistflow/config";
import { type DeploymentView, hasEnded } from "@mistflow/contracts";
import { ALL_QUEUE_NAMES } from "@mistflow/queues";
import { uniquePrefix } from "@mistflow/testing";
import { Queue } from "bullmq";
import { inject } from "vitest";
import { SimAdmin } from "./sim-admin";

export const DEMO_ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

export interface TestStack extends LocalStack {
  prefix: string;
  redis: RedisClient;
  api: IntakeClient;
  sim: SimAdmin;
  queues: Queue[];
  board: { username: string; password: string };
  waitForEnd(ids: string[], timeoutMs?: number): Promise<DeploymentView[]>;
  /** Polls one deployment until `done` says so; the error names where it got stuck. */
  waitFor(id: string, done: (v: DeploymentView) => boolean, timeoutMs?: number): Promise<DeploymentView>;
  jobCount(): Promise<number>;
  /** Drop what the workers verified in Mist, as if a new batch started: steps 3-13 call Mist again. */
  forgetCatalog(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A full stack of real processes on a key prefix of its own; `shutdown` removes every key it made. */
export interface TestStackOptions {
  workerEnv?: Record<string, string>;
  intakeEnv?: Record<string, string>;
  /** For the notify worker: the webhooks config and write-back credentials. */
  notifyEnv?: Record<string, string>;
  simArgs?: string[];
}

/** Suites wait on retries of ticket write-backs and PSK rotations, not on production's 5 s. */
const FAST_RETRIES = { NOTIFY_BACKOFF_MS: "300", PSK_ROTATION_BACKOFF_MS: "300" };

export async function startTestStack(label: string, opts: TestStackOptions = {}): Promise<TestStack> {
  const redisUrl = inject("redisUrl");
  const prefix = uniquePrefix(label);
  const board = { username: "admin", password: "test-board-password-1" };
  const stack = await startLocalStack({
    redisUrl,
    prefix,
    board,
    logLevel: "info",
    intakeEnv: { STEP_ATTEMPTS: "3", STEP_BACKOFF_MS: "200", ...FAST_RETRIES, ...opts.intakeEnv },
    // Suites that are not about the budget must not be paced by it: the production default
    // (4,500/hour, smoothed) would space their calls ~0.8 s apart after the first hundred.
    workerEnv: {
      MIST_RATE_BUDGET: "1000000",
      MIST_RATE_BURST: "100000",
      ...FAST_RETRIES,
      ...opts.workerEnv,
    },
    ...(opts.notifyEnv ? { notifyEnv: opts.notifyEnv } : {}),
    ...(opts.simArgs ? { simArgs: opts.simArgs } : {}),
  });
  const redis = redisClient(redisUrl);
  const queues = ALL_QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix }));
  const api = new IntakeClient(stack.apiUrl);
  const sim = new SimAdmin(stack.simUrl);
  return {
    ...stack,
    prefix,
    redis,
    api,
    board,
    sim,
    queues,
    async waitFor(id, done, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await api.get(id);
        if (done(v)) return v;
        if (Date.now() > deadline) throw new Error(`${id} never got there: ${v.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitForEnd(ids, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const views = await Promise.all(ids.map((id) => api.get(id)));
        const settled = views.every(
          (v) =>
            hasEnded(v.status) &&
            Object.values(v.steps).every(
              (s) => s.state !== "running" && (v.status !== "succeeded" || s.state !== "pending"),
            ),
        );
        if (settled) return views;
        if (Date.now() > deadline)
          throw new Error(`deployments not finished: ${JSON.stringify(views.map((v) => [v.id, v.status]))}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async jobCount() {
      let total = 0;
      for (const q of queues) total += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
      return total;
    },
    async forgetCatalog() {
      const keys = await scanKeys(redis, `${prefix}:catalog:*`);
      if (keys.length) await redis.del(...keys);
    },
    async shutdown() {
      // Every suite's Mist traffic is scanned here for what Mist has deprecated (the simulator marks
      // it per request, see apps/mist-sim/src/deprecations). A suite that stopped the simulator
      // itself has no ledger left to scan.
      const sent = await sim.ledger().catch(() => []);
      await stack.close();
      await Promise.allSettled(queues.map((q) => q.close()));
      const keys = await scanKeys(redis, `${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
      const deprecated = sent.filter((e) => e.deprecated?.length);
      if (deprecated.length > 0)
        throw new Error(
          `requests used deprecated Mist fields:\n${deprecated
            .map((e) => `${e.method} ${e.path}: ${e.deprecated?.join(", ")}`)
            .join("\n")}`,
        );
    },
  };
}
