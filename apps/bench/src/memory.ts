import { IntakeClient } from "@mistflow/cli";
import { COMPLETED_JOBS_KEPT } from "@mistflow/queues";
import { Redis } from "ioredis";
import { RootWatcher, submitAll } from "./bench-requests";
import { startBenchStack } from "./bench-stack";
import { memoryUsage, scanKeys } from "./redis-keys";
import { type BenchOutcome, fixed, int, kib, markdownTable, mib } from "./report";
import { rssBytes } from "./spawn-child";

export interface MemoryOptions {
  deployments: number;
  concurrency: number;
}

export const MEMORY_DEFAULTS: MemoryOptions = { deployments: 1_000, concurrency: 10 };

/** Redis bytes per completed deployment the issue allows. */
const TARGET_BYTES = 20 * 1024;

interface KeyGroup {
  pattern: string;
  keys: number;
  bytes: number;
  kind: KeyKind;
}

export interface MemoryResult {
  options: MemoryOptions;
  succeeded: number;
  seconds: number;
  keys: number;
  totalBytes: number;
  bytesPerDeployment: number;
  /** Only the `per deployment` groups: what every further deployment adds once the caps are reached. */
  growingBytesPerDeployment: number;
  groups: KeyGroup[];
  rss: Array<{ process: string; beforeBytes?: number; afterBytes?: number }>;
}

/** A key with its ids folded, e.g. `wan:<dep>.s05:dependencies` or `dep:<dep>`. */
function keyPattern(key: string, prefix: string): string {
  return key
    .slice(prefix.length + 1)
    .replace(/dep-[0-9a-f]{24}/g, "<dep>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\{[0-9a-f]{16}\}/g, "{<token>}")
    .replace(/[0-9a-f]{32,}/g, "<digest>")
    .replace(/^(ipam:zone:)[^:]+/, "$1<zone>");
}

/**
 * How a key pattern scales: `per deployment` keeps growing with every deployment; `capped` stops
 * at a configured size (completed jobs at COMPLETED_JOBS_KEPT per queue, BullMQ's event streams at
 * ~10,000 entries per queue); `fixed` does not depend on the number of deployments at all.
 */
type KeyKind = "per deployment" | "capped" | "fixed";

const JOB_STATE_SET = /^[a-z]+:(completed|failed|wait|paused|delayed|prioritized|waiting-children|active)$/;

function keyKind(pattern: string): KeyKind {
  if (pattern.startsWith("dep:") || pattern === "deps") return "per deployment";
  if (pattern.startsWith("ipam:") && pattern !== "ipam:layout") return "per deployment";
  // Job hashes and their sub-keys (`<queue>:<dep>.s01`, `…:processed`), the sets that list them.
  if (/^[a-z]+:<dep>\./.test(pattern) || JOB_STATE_SET.test(pattern) || pattern.endsWith(":events"))
    return "capped";
  return "fixed";
}

/**
 * Redis bytes per completed deployment (MEMORY USAGE of every key under the run's prefix, grouped by
 * key pattern) and the RSS of each process of the stack before and after N deployments.
 */
export async function measureMemory(
  redisUrl: string,
  opts: MemoryOptions = MEMORY_DEFAULTS,
): Promise<BenchOutcome<MemoryResult>> {
  const started = Date.now();
  const stack = await startBenchStack(redisUrl, { sites: opts.deployments, concurrency: opts.concurrency });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const roots = await RootWatcher.start(redisUrl, stack.prefix);
  let result: MemoryResult;
  try {
    const before = new Map(
      await Promise.all(stack.services.map(async (s) => [s.name, await rssBytes(s.child.pid)] as const)),
    );
    const t0 = Date.now();
    await submitAll(new IntakeClient(stack.apiUrl), opts.deployments, { label: "MEM" });
    await roots.waitFor(opts.deployments, 900_000);
    const seconds = (Date.now() - t0) / 1000;
    const succeeded = await stack.countSucceeded();
    const rss = await Promise.all(
      stack.services.map(async (s) => ({
        process: s.name,
        beforeBytes: before.get(s.name),
        afterBytes: await rssBytes(s.child.pid),
      })),
    );
    const keys = await scanKeys(redis, stack.prefix);
    const sizes = await memoryUsage(redis, keys);
    const byPattern = new Map<string, KeyGroup>();
    for (const [key, bytes] of sizes) {
      const pattern = keyPattern(key, stack.prefix);
      const g = byPattern.get(pattern) ?? { pattern, keys: 0, bytes: 0, kind: keyKind(pattern) };
      g.keys += 1;
      g.bytes += bytes;
      byPattern.set(pattern, g);
    }
    const groups = [...byPattern.values()].sort((a, b) => b.bytes - a.bytes);
    const totalBytes = groups.reduce((a, g) => a + g.bytes, 0);
    const growing = groups.filter((g) => g.kind === "per deployment").reduce((a, g) => a + g.bytes, 0);
    result = {
      options: opts,
      succeeded,
      seconds,
      keys: keys.length,
      totalBytes,
      bytesPerDeployment: totalBytes / opts.deployments,
      growingBytesPerDeployment: growing / opts.deployments,
      groups,
      rss,
    };
  } finally {
    await roots.close();
    redis.disconnect();
    await stack.close();
  }
  const r = result;
  const n = opts.deployments;
  const shown = r.groups.filter((g) => g.bytes / r.totalBytes >= 0.005);
  const rest = r.groups.filter((g) => g.bytes / r.totalBytes < 0.005);
  const workers = r.rss.filter((p) => p.process.startsWith("worker-"));
  const maxWorkerRss = Math.max(...workers.map((p) => p.afterBytes ?? 0));
  return {
    name: "memory",
    title: "Memory",
    lines: [
      `Memory: ${int(n)} deployments end to end (${r.succeeded} succeeded in ${fixed(r.seconds, 1)} s); Redis keys under the run's prefix: ${int(r.keys)}, ${mib(r.totalBytes)}`,
      "",
      ...markdownTable(
        ["key pattern", "keys", "bytes", "per deployment", "share", "scales"],
        [
          ...shown.map((g) => [
            `\`${g.pattern}\``,
            int(g.keys),
            int(g.bytes),
            kib(g.bytes / n),
            `${fixed((g.bytes / r.totalBytes) * 100, 1)}%`,
            g.kind,
          ]),
          ...(rest.length
            ? [
                [
                  `${rest.length} other patterns`,
                  int(rest.reduce((a, g) => a + g.keys, 0)),
                  int(rest.reduce((a, g) => a + g.bytes, 0)),
                  kib(rest.reduce((a, g) => a + g.bytes, 0) / n),
                  `${fixed((rest.reduce((a, g) => a + g.bytes, 0) / r.totalBytes) * 100, 1)}%`,
                  "-",
                ],
              ]
            : []),
          ["**total**", int(r.keys), int(r.totalBytes), kib(r.bytesPerDeployment), "100%", "-"],
        ],
      ),
      "",
      `Redis bytes per completed deployment: ${kib(r.bytesPerDeployment)} (all keys / ${int(n)}); ${kib(r.growingBytesPerDeployment)} for each further deployment once the caps are reached (completed jobs: ${COMPLETED_JOBS_KEPT} per queue)`,
      "",
      ...markdownTable(
        ["process", "RSS before", `RSS after ${int(n)} deployments`],
        r.rss.map((p) => [
          p.process,
          p.beforeBytes ? mib(p.beforeBytes) : "-",
          p.afterBytes ? mib(p.afterBytes) : "-",
        ]),
      ),
    ],
    summary: [
      {
        metric: `Redis bytes per completed deployment (${int(n)})`,
        measured: `${kib(r.bytesPerDeployment)} (${int(r.bytesPerDeployment)} B)`,
        target: "≤ 20 KiB",
        met: r.bytesPerDeployment <= TARGET_BYTES,
      },
      {
        metric: "Redis bytes per further deployment (past the caps)",
        measured: `${kib(r.growingBytesPerDeployment)} (${int(r.growingBytesPerDeployment)} B)`,
        target: "-",
        met: undefined,
      },
      {
        metric: `largest worker RSS after ${int(n)} deployments`,
        measured: mib(maxWorkerRss),
        target: "-",
        met: undefined,
      },
    ],
    seconds: (Date.now() - started) / 1000,
    data: r,
  };
}
