import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalStack, startLocalStack } from "@mistflow/process-stack";
import { Redis } from "ioredis";
import { writeBenchSeed } from "./bench-seed";
import { deleteKeys, scanKeys } from "./redis-keys";

export interface BenchStack extends LocalStack {
  prefix: string;
  /** Records (not jobs) whose status is `succeeded`: the product's own verdict. */
  countSucceeded(): Promise<number>;
  /** Stops every process, then removes every key under the stack's prefix. */
  close(): Promise<void>;
}

export interface BenchStackOptions {
  /** APs in the simulator's seed, one per site. */
  sites: number;
  concurrency: number;
  /** Default: the simulator's rate limit off and our budget out of reach, i.e. pure overhead. */
  simArgs?: string[];
  workerEnv?: Record<string, string>;
  workerNodeArgs?: string[];
  intakeEnv?: Record<string, string>;
  /** More org tokens for the bench org, beside the demo token (a pool of several budgets). */
  extraTokens?: Array<{ alias: string; value: string }>;
}

/** The product's process stack on a prefix of its own, seeded for `sites` bench sites. */
export async function startBenchStack(redisUrl: string, opts: BenchStackOptions): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), "mistflow-bench-"));
  const prefix = `{bench-${randomBytes(3).toString("hex")}}`;
  const seed = await writeBenchSeed(dir, opts.sites, opts.extraTokens);
  const start = startLocalStack({
    redisUrl,
    prefix,
    logDir: dir,
    board: { username: "bench", password: randomBytes(12).toString("hex") },
    simArgs: ["--seed", seed, ...(opts.simArgs ?? ["--rate-limit", "off"])],
    workerEnv: {
      WORKER_CONCURRENCY: String(opts.concurrency),
      MIST_RATE_BUDGET: "10000000",
      MIST_RATE_BURST: "1000000",
      ...opts.workerEnv,
    },
    ...(opts.intakeEnv ? { intakeEnv: opts.intakeEnv } : {}),
    ...(opts.workerNodeArgs ? { workerNodeArgs: opts.workerNodeArgs } : {}),
  });
  let stack: LocalStack;
  try {
    stack = await start;
  } catch (e) {
    // A process that did start may already have written keys (catalogue, queue metadata).
    const redis = new Redis(redisUrl);
    await deleteKeys(redis, prefix);
    redis.disconnect();
    throw e;
  }
  return {
    ...stack,
    prefix,
    async countSucceeded() {
      const redis = new Redis(redisUrl);
      try {
        const records = (await scanKeys(redis, `${prefix}:dep:`)).filter(
          (k) => !k.slice(prefix.length + 5).includes(":"),
        );
        let succeeded = 0;
        for (let i = 0; i < records.length; i += 500) {
          const statuses = await Promise.all(records.slice(i, i + 500).map((k) => redis.hget(k, "status")));
          succeeded += statuses.filter((s) => s === "succeeded").length;
        }
        return succeeded;
      } finally {
        redis.disconnect();
      }
    },
    async close() {
      await stack.close();
      const redis = new Redis(redisUrl);
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}
