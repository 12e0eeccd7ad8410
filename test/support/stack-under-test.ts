import { IntakeClient } from "@mistflow/cli";
import { type RedisClient, redisClient, scanKeys } from "@mistflow/config";
import { type DeploymentView, hasEnded } from "@mistflow/contracts";
import { ALL_QUEUE_NAMES, NOTIFY_QUEUE } from "@mistflow/queues";
import { Queue } from "bullmq";
import { SimAdmin } from "./sim-admin";

export const DEMO_ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

/**
 * What a suite sees of a running mistflow, whether its parts are separate processes
 * (`startTestStack`) or one process (`startInProcessStack`): the API and the simulator over HTTP,
 * and Redis under the stack's own key prefix.
 */
export interface StackUnderTest {
  apiUrl: string;
  simUrl: string;
  /** One `<service>.log` of JSON lines per part of the stack. */
  logDir: string;
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
  /**
   * Waits until no job whose id starts with `idPrefix` (any job, without one) is active, waiting,
   * delayed or waiting on children, in any queue including notify: from then on nothing of it can
   * run, which is what "nothing more happens" claims wait for. The error lists what is left.
   */
  waitForNoLiveJobs(idPrefix?: string, timeoutMs?: number): Promise<void>;
  /** Drop what the workers verified in Mist, as if a new batch started: steps 3-13 call Mist again. */
  forgetCatalog(): Promise<void>;
  /** Stops everything and removes every key under the prefix. */
  shutdown(): Promise<void>;
}

export const TEST_BOARD = { username: "admin", password: "test-board-password-1" };

/** Suites wait on retries of ticket write-backs and PSK rotations, not on production's 5 s. */
const FAST_RETRIES = { NOTIFY_BACKOFF_MS: "300", PSK_ROTATION_BACKOFF_MS: "300" };

/** The intake env every suite starts from: three quick step attempts. */
export const TEST_INTAKE_ENV = { STEP_ATTEMPTS: "3", STEP_BACKOFF_MS: "200", ...FAST_RETRIES };

/**
 * Suites that are not about the budget must not be paced by it: the production default
 * (4,500/hour, smoothed) would space their calls ~0.8 s apart after the first hundred.
 */
export const TEST_WORKER_ENV = { MIST_RATE_BUDGET: "1000000", MIST_RATE_BURST: "100000", ...FAST_RETRIES };

/** The suite-facing half of a stack, over whatever runs it; `close` stops what runs it. */
export function stackUnderTest(parts: {
  apiUrl: string;
  simUrl: string;
  logDir: string;
  prefix: string;
  redisUrl: string;
  close(): Promise<void>;
}): StackUnderTest {
  const { apiUrl, simUrl, logDir, prefix } = parts;
  const redis = redisClient(parts.redisUrl);
  const queues = ALL_QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix }));
  const notifyQueue = new Queue(NOTIFY_QUEUE, { connection: redis, prefix });
  const liveJobs = async (idPrefix: string) => {
    const live: string[] = [];
    for (const q of [...queues, notifyQueue])
      for (const state of ["active", "wait", "delayed", "waiting-children", "prioritized"] as const)
        for (const j of await q.getJobs([state]))
          if (j?.id?.startsWith(idPrefix)) live.push(`${q.name} ${j.id} ${state}`);
    return live;
  };
  const api = new IntakeClient(apiUrl);
  const sim = new SimAdmin(simUrl);
  return {
    apiUrl,
    simUrl,
    logDir,
    prefix,
    redis,
    api,
    board: TEST_BOARD,
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
    async waitForNoLiveJobs(idPrefix = "", timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const live = await liveJobs(idPrefix);
        if (live.length === 0) return;
        if (Date.now() > deadline) throw new Error(`jobs still live:\n${live.join("\n")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
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
      await parts.close();
      await Promise.allSettled([...queues, notifyQueue].map((q) => q.close()));
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
