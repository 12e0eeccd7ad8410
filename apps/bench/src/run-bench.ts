import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { resolveRedis } from "@mistflow/local-redis";
import { repoRoot } from "@mistflow/process-stack";
import { Redis } from "ioredis";
import { callsPerSiteBench } from "./calls-per-site";
import { FAIR_DEFAULTS, measureFairOverhead } from "./fair-overhead";
import { INTAKE_DEFAULTS, measureIntake } from "./intake-throughput";
import { MEMORY_DEFAULTS, measureMemory } from "./memory";
import { measureOverhead, OVERHEAD_DEFAULTS } from "./orchestration-overhead";
import { BUDGET_DEFAULTS, measureRateBudget } from "./rate-budget";
import { type BenchOutcome, summaryTable } from "./report";
import { measureRollout, ROLLOUT_DEFAULTS } from "./rollout";

const BENCHMARKS = ["intake", "overhead", "fair", "calls", "budget", "rollout", "memory"] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface RunBenchOptions {
  only: BenchName[];
  /** Batch sizes of the calls-per-site benchmark. */
  sizes: number[];
  /** Small sizes to try the command out; its figures are not the recorded ones. */
  quick: boolean;
  out?: (line: string) => void;
}

export function parseOnly(list: string | undefined): BenchName[] {
  if (!list) return [...BENCHMARKS];
  const names = list.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}: use ${BENCHMARKS.join(",")}`);
  return names as BenchName[];
}

async function machine(redisUrl: string, source: string) {
  const redis = new Redis(redisUrl);
  try {
    const info = await redis.info("server");
    return {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? "?",
      memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      os: `${process.platform} ${release()}`,
      redis: `${/redis_version:(\S+)/.exec(info)?.[1] ?? "?"} (${source})`,
    };
  } finally {
    redis.disconnect();
  }
}

/**
 * `pnpm bench`: every figure is a ratio or a count measured in this run on this machine, printed
 * as markdown tables and written to bench-results/bench.json. Not part of the test suite: figures
 * from a shared machine are recorded, not asserted.
 */
export async function runBench(opts: RunBenchOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const redis = await resolveRedis({ allowLocalDefault: true });
  const q = opts.quick;
  const runners: Record<BenchName, () => Promise<BenchOutcome>> = {
    intake: () =>
      measureIntake(redis.url, q ? { ...INTAKE_DEFAULTS, warmupS: 1, durationS: 3 } : INTAKE_DEFAULTS),
    overhead: () =>
      measureOverhead(redis.url, q ? { ...OVERHEAD_DEFAULTS, deployments: 50 } : OVERHEAD_DEFAULTS),
    fair: () => measureFairOverhead(redis.url, q ? { ...FAIR_DEFAULTS, deployments: 50 } : FAIR_DEFAULTS),
    calls: () => callsPerSiteBench(redis.url, q ? opts.sizes.filter((n) => n <= 10) : opts.sizes),
    budget: () => measureRateBudget(redis.url, q ? { ...BUDGET_DEFAULTS, sites: 40 } : BUDGET_DEFAULTS),
    rollout: () => measureRollout(redis.url, q ? { ...ROLLOUT_DEFAULTS, sites: 100 } : ROLLOUT_DEFAULTS),
    memory: () => measureMemory(redis.url, q ? { ...MEMORY_DEFAULTS, deployments: 100 } : MEMORY_DEFAULTS),
  };
  try {
    const host = await machine(redis.url, redis.source);
    out(
      `machine: ${host.cores} cores (${host.cpu}), ${host.memoryGiB} GiB, ${host.os}, node ${host.node}, redis ${host.redis}`,
    );
    const outcomes: Array<BenchOutcome & { loadBefore: number }> = [];
    for (const name of BENCHMARKS.filter((b) => opts.only.includes(b))) {
      // Other work on the machine shows up here first: 1-minute load average before each benchmark.
      const loadBefore = Number((loadavg()[0] ?? 0).toFixed(2));
      out(`\n## ${name}: running… (load average ${loadBefore})`);
      const outcome = await runners[name]();
      outcomes.push({ ...outcome, loadBefore });
      out(`\n### ${outcome.title} (${outcome.seconds.toFixed(0)} s, load average before ${loadBefore})\n`);
      for (const line of outcome.lines) out(line);
    }
    const summary = outcomes.flatMap((o) => o.summary);
    out("\n### Summary\n");
    for (const line of summaryTable(summary)) out(line);

    const dir = join(repoRoot(), "bench-results");
    await mkdir(dir, { recursive: true });
    const file = join(dir, "bench.json");
    const report = {
      at: new Date().toISOString(),
      quick: q,
      machine: host,
      summary,
      benchmarks: Object.fromEntries(
        outcomes.map((o) => [
          o.name,
          { title: o.title, seconds: o.seconds, summary: o.summary, data: o.data },
        ]),
      ),
    };
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    out(`\nwritten to ${file}`);
    return 0;
  } finally {
    await redis.stop();
  }
}
