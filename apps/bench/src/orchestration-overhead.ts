import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IntakeClient } from "@mistflow/cli";
import { DOMAINS } from "@mistflow/contracts";
import type { ServiceProcess } from "@mistflow/process-stack";
import { buildDeploymentFlow, DEFAULT_RETRY_POLICY, QUEUE_NAMES } from "@mistflow/queues";
import { FlowProducer } from "bullmq";
import { Redis } from "ioredis";
import { pool, RootWatcher, submitAll } from "./bench-requests";
import { startBenchStack } from "./bench-stack";
import { deleteKeys } from "./redis-keys";
import { type BenchOutcome, fixed, int, markdownTable } from "./report";
import { cpuSeconds, redisCpuSeconds, spawnBenchChild } from "./spawn-child";

export interface OverheadOptions {
  deployments: number;
  /** Per worker process, on both sides. */
  concurrency: number;
  /** Deployments submitted (or flows added) at a time. */
  submitConcurrency: number;
}

export const OVERHEAD_DEFAULTS: OverheadOptions = {
  deployments: 500,
  concurrency: 10,
  submitConcurrency: 20,
};

export interface OverheadSide {
  side: "mistflow" | "raw";
  processes: number;
  deployments: number;
  succeeded: number;
  failed: number;
  seconds: number;
  deploymentsPerS: number;
  /** CPU seconds per process group during the timed interval: where the two cores went. */
  cpuSeconds: Record<string, number>;
}

/** CPU seconds of each group of processes, of Redis and of this process, read before and after. */
async function cpuSnapshot(
  groups: Record<string, ServiceProcess[]>,
  redis: Redis,
): Promise<Record<string, number>> {
  const snap: Record<string, number> = {};
  for (const [group, procs] of Object.entries(groups)) {
    const each = await Promise.all(procs.map((p) => cpuSeconds(p.child.pid)));
    snap[group] = each.reduce<number>((a, b) => a + (b ?? 0), 0);
  }
  snap.redis = await redisCpuSeconds(redis);
  const self = process.cpuUsage();
  snap["bench (submit, probe, logs)"] = (self.user + self.system) / 1e6;
  return snap;
}

const cpuDelta = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)]));

/**
 * Raw BullMQ: the same 15-job flows (skeleton + the same attach rules) on the same Redis, consumed
 * by one no-op worker process per queue at the same concurrency as mistflow's domain workers.
 */
async function rawSide(redisUrl: string, opts: OverheadOptions, logDir: string): Promise<OverheadSide> {
  const prefix = `{bench-raw-${randomBytes(3).toString("hex")}}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const children: ServiceProcess[] = [];
  const flows = new FlowProducer({ connection: redis, prefix });
  const roots = await RootWatcher.start(redisUrl, prefix);
  try {
    for (const domain of DOMAINS) {
      const cfg = {
        kind: "raw-worker" as const,
        redisUrl,
        prefix,
        queue: QUEUE_NAMES[domain],
        concurrency: opts.concurrency,
      };
      children.push(await spawnBenchChild(`raw-${domain}`, cfg, logDir));
    }
    const cpu0 = await cpuSnapshot({ workers: children }, redis);
    const started = Date.now();
    await pool(opts.deployments, opts.submitConcurrency, (i) =>
      flows.add(buildDeploymentFlow(`dep-${String(i).padStart(24, "0")}`, DEFAULT_RETRY_POLICY)),
    );
    const done = await roots.waitFor(opts.deployments, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const cpu = cpuDelta(cpu0, await cpuSnapshot({ workers: children }, redis));
    return {
      cpuSeconds: cpu,
      side: "raw",
      processes: children.length,
      deployments: opts.deployments,
      succeeded: done.completed,
      failed: done.failed,
      seconds,
      deploymentsPerS: opts.deployments / seconds,
    };
  } finally {
    await roots.close();
    await flows.close();
    await Promise.allSettled(children.map((c) => c.stop()));
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
}

async function mistflowSide(redisUrl: string, opts: OverheadOptions): Promise<OverheadSide> {
  const stack = await startBenchStack(redisUrl, { sites: opts.deployments, concurrency: opts.concurrency });
  const roots = await RootWatcher.start(redisUrl, stack.prefix);
  const redis = new Redis(redisUrl);
  const groups = {
    workers: stack.services.filter((s) => s.name.startsWith("worker-")),
    "intake API": stack.services.filter((s) => s.name === "intake-api"),
    simulator: stack.services.filter((s) => s.name === "mist-sim"),
  };
  try {
    const api = new IntakeClient(stack.apiUrl);
    const cpu0 = await cpuSnapshot(groups, redis);
    const started = Date.now();
    await submitAll(api, opts.deployments, { concurrency: opts.submitConcurrency, label: "OVH" });
    const done = await roots.waitFor(opts.deployments, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const cpu = cpuDelta(cpu0, await cpuSnapshot(groups, redis));
    const succeeded = await stack.countSucceeded();
    return {
      cpuSeconds: cpu,
      side: "mistflow",
      processes: stack.workers.size,
      deployments: opts.deployments,
      succeeded,
      failed: done.failed,
      seconds,
      deploymentsPerS: opts.deployments / seconds,
    };
  } finally {
    await roots.close();
    redis.disconnect();
    await stack.close();
  }
}

/**
 * Orchestration overhead: N deployments end to end (HTTP intake, records, step handlers, the Mist
 * client against the simulator with no latency and no limit) against raw BullMQ flows of the same
 * shape with no-op processors. Both run as 6 worker processes with equal concurrency, so the
 * ratio is what mistflow adds per job, not a difference in parallelism.
 */
export async function measureOverhead(
  redisUrl: string,
  opts: OverheadOptions = OVERHEAD_DEFAULTS,
): Promise<BenchOutcome<{ options: OverheadOptions; sides: OverheadSide[]; ratio: number }>> {
  const started = Date.now();
  const logDir = await mkdtemp(join(tmpdir(), "mistflow-bench-overhead-"));
  const raw = await rawSide(redisUrl, opts, logDir);
  const full = await mistflowSide(redisUrl, opts);
  const ratio = full.seconds / raw.seconds;
  const cpuGroups = [...new Set([...Object.keys(full.cpuSeconds), ...Object.keys(raw.cpuSeconds)])];
  const label = (s: OverheadSide) =>
    s.side === "raw" ? "raw BullMQ, no-op processors" : "mistflow end to end (simulator)";
  return {
    name: "overhead",
    title: "Orchestration overhead",
    lines: [
      `Orchestration overhead: ${opts.deployments} deployments of 15 jobs, ${DOMAINS.length} worker processes × concurrency ${opts.concurrency} on both sides, ${opts.submitConcurrency} submissions in flight`,
      "",
      ...markdownTable(
        ["side", "worker processes", "deployments", "succeeded", "failed", "seconds", "deployments/s"],
        [raw, full].map((s) => [
          label(s),
          s.processes,
          int(s.deployments),
          int(s.succeeded),
          int(s.failed),
          fixed(s.seconds, 1),
          fixed(s.deploymentsPerS, 1),
        ]),
      ),
      "",
      `mistflow / raw time: ${fixed(ratio, 2)}×`,
      "",
      "CPU seconds used during the timed interval, by process group:",
      "",
      ...markdownTable(
        ["side", ...cpuGroups],
        [raw, full].map((s) => [
          label(s),
          ...cpuGroups.map((g) => (g in s.cpuSeconds ? fixed(s.cpuSeconds[g] ?? 0) : "-")),
        ]),
      ),
    ],
    summary: [
      {
        metric: `end-to-end time / raw BullMQ time (${opts.deployments} deployments)`,
        measured: `${fixed(ratio, 2)}×`,
        target: "≤ 2×",
        met: ratio <= 2 && full.succeeded === opts.deployments,
      },
    ],
    seconds: (Date.now() - started) / 1000,
    data: { options: opts, sides: [raw, full], ratio },
  };
}
