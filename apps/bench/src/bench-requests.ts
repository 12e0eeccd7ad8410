import type { IntakeClient } from "@mistflow/cli";
import type { DeploymentRequestInput } from "@mistflow/contracts";
import { QUEUE_NAMES, ROOT_QUEUE } from "@mistflow/queues";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { BENCH_ORG, benchMac } from "./bench-seed";

const REGIONS = ["NA-EAST", "NA-WEST", "LATAM", "EMEA-N", "EMEA-S", "APAC-N", "APAC-S", "ANZ"];

/**
 * Site `i` of a bench batch: one AP assigned by MAC, regions in turn so IPAM spreads over zones.
 * Assurance is off: the benchmarks measure the 13 steps and late binding (the 14-job
 * shape); a soak window would measure the window, and its SLE looks are not deployment calls.
 */
export function benchRequest(
  i: number,
  label = "BENCH",
  withDevice = true,
  macIndex = i,
): DeploymentRequestInput {
  return {
    org_id: BENCH_ORG,
    site: {
      name: `${label}-${String(i).padStart(5, "0")}`,
      address: `${i} Bench Street`,
      timezone: "UTC",
      country_code: "US",
      region: REGIONS[i % REGIONS.length] ?? "NA-EAST",
    },
    blueprint: "retail-branch",
    devices: withDevice ? { macs: [benchMac(macIndex)] } : {},
    assurance: { enabled: false },
  };
}

/** Runs `task(0 … n-1)` with at most `concurrency` in flight; results in index order. */
export async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(n);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < n; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return results;
}

/** Submits sites `0 … n-1` over HTTP, `concurrency` at a time, like a batch client would. */
export async function submitAll(
  api: IntakeClient,
  n: number,
  opts: { concurrency?: number; label?: string; macOffset?: number } = {},
): Promise<string[]> {
  return pool(n, opts.concurrency ?? 20, async (i) => {
    const submitted = await api.submit(benchRequest(i, opts.label, true, i + (opts.macOffset ?? 0)));
    if (submitted.status !== 202) throw new Error(`site ${i} was not accepted: ${submitted.status}`);
    return submitted.id;
  });
}

/**
 * Counts deployments as their root jobs complete or fail, from BullMQ's event stream of the
 * orchestration queue (which also holds late binding, so its job counts would not do). The root
 * completes only after the record says succeeded, and raw BullMQ flows end the same way, so both
 * sides of the overhead comparison are timed by the same probe. Start it before submitting.
 */
export class RootWatcher {
  completed = 0;
  failed = 0;
  readonly #events: QueueEvents;
  readonly #connection: Redis;
  readonly #seen = new Set<string>();

  private constructor(events: QueueEvents, connection: Redis) {
    this.#events = events;
    this.#connection = connection;
    const count = (ok: boolean) => (e: { jobId: string }) => {
      if (!e.jobId.endsWith(".root") || this.#seen.has(e.jobId)) return;
      this.#seen.add(e.jobId);
      if (ok) this.completed++;
      else this.failed++;
    };
    events.on("completed", count(true));
    events.on("failed", count(false));
    events.on("error", () => {});
  }

  static async start(redisUrl: string, prefix: string): Promise<RootWatcher> {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const events = new QueueEvents(QUEUE_NAMES[ROOT_QUEUE], { connection, prefix });
    await events.waitUntilReady();
    return new RootWatcher(events, connection);
  }

  /** Resolves once `n` deployments have ended, either way. */
  async waitFor(n: number, timeoutMs: number): Promise<{ completed: number; failed: number }> {
    const deadline = Date.now() + timeoutMs;
    while (this.completed + this.failed < n) {
      if (Date.now() > deadline)
        throw new Error(
          `only ${this.completed} of ${n} deployments completed (${this.failed} failed) in ${timeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
    return { completed: this.completed, failed: this.failed };
  }

  async close(): Promise<void> {
    await this.#events.close();
    this.#connection.disconnect();
  }
}
