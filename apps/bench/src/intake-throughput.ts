import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@mistflow/local-redis";
import {
  appEntry,
  httpOk,
  repoRoot,
  type ServiceProcess,
  spawnService,
  waitUntil,
} from "@mistflow/process-stack";
import { QUEUE_NAMES, ROOT_QUEUE } from "@mistflow/queues";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { benchRequest } from "./bench-requests";
import { deleteKeys, scanKeys } from "./redis-keys";
import { type BenchOutcome, fixed, int, markdownTable } from "./report";
import { redisCpuSeconds, spawnBenchChild, treeCpuSeconds } from "./spawn-child";

export interface IntakeLoad {
  side: "intake" | "intake-2p" | "baseline";
  seconds: number;
  requests: number;
  accepted: number;
  acceptedPerS: number;
  /** Status code → count, for anything other than 202. */
  otherStatuses: Record<string, number>;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Root jobs found in Redis afterwards: accepted must mean enqueued. */
  flowsEnqueued: number;
  /** CPU seconds each process used during the measured interval: who was busy on the two cores. */
  cpuSeconds: { server: number; redis: number; loadGenerator: number };
}

export interface IntakeOptions {
  connections: number;
  warmupS: number;
  durationS: number;
}

export const INTAKE_DEFAULTS: IntakeOptions = { connections: 50, warmupS: 3, durationS: 10 };

let siteCounter = 0;

/** `connections` keep-alive connections posting distinct sites back to back for `seconds`. */
async function drive(url: string, connections: number, seconds: number, tag: string) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    // Distinct site names: a repeat is answered 200 by idempotency and enqueues nothing.
    requests: [
      {
        method: "POST",
        path: "/v1/deployments",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(benchRequest(siteCounter++, tag)) }),
      },
    ],
  });
}

/** Root jobs in Redis (one per enqueued flow): accepted must mean enqueued. */
async function rootJobs(redis: Redis, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, `${prefix}:${QUEUE_NAMES[ROOT_QUEUE]}:`);
  return keys.filter((k) => k.endsWith(".root")).length;
}

async function measureSide(
  side: IntakeLoad["side"],
  url: string,
  server: ServiceProcess,
  redis: Redis,
  prefix: string,
  opts: IntakeOptions,
): Promise<IntakeLoad> {
  const tag = `IB${randomBytes(3).toString("hex")}`;
  if (opts.warmupS > 0) await drive(url, opts.connections, opts.warmupS, tag);
  const before = await rootJobs(redis, prefix);
  const cpu0 = {
    server: await treeCpuSeconds(server.child.pid),
    redis: await redisCpuSeconds(redis),
    load: process.cpuUsage(),
  };
  const r = await drive(url, opts.connections, opts.durationS, tag);
  const load = process.cpuUsage(cpu0.load);
  const cpu = {
    server: ((await treeCpuSeconds(server.child.pid)) ?? Number.NaN) - (cpu0.server ?? Number.NaN),
    redis: (await redisCpuSeconds(redis)) - cpu0.redis,
    loadGenerator: (load.user + load.system) / 1e6,
  };
  const flowsEnqueued = (await rootJobs(redis, prefix)) - before;
  const stats = (r.statusCodeStats ?? {}) as Record<string, { count?: number }>;
  const accepted = stats["202"]?.count ?? 0;
  const otherStatuses = Object.fromEntries(
    Object.entries(stats)
      .filter(([code]) => code !== "202")
      .map(([code, s]) => [code, s.count ?? 0]),
  );
  return {
    side,
    seconds: r.duration,
    requests: r.requests.total,
    accepted,
    acceptedPerS: accepted / r.duration,
    otherStatuses,
    errors: r.errors,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    flowsEnqueued,
    cpuSeconds: cpu,
  };
}

/**
 * Intake throughput: the real intake API process (validation, record, idempotency, flow) against a
 * baseline process that only adds the same flow, same Redis, back to back. No workers run, so
 * accepted means enqueued and nothing competes for the two cores but the API, Redis and the load.
 */
export async function measureIntake(
  redisUrl: string,
  opts: IntakeOptions = INTAKE_DEFAULTS,
): Promise<BenchOutcome<{ options: IntakeOptions; sides: IntakeLoad[] }>> {
  const started = Date.now();
  const logDir = await mkdtemp(join(tmpdir(), "mistflow-bench-intake-"));
  const redis = new Redis(redisUrl);
  const sides: IntakeLoad[] = [];
  const run = async (
    side: IntakeLoad["side"],
    start: (prefix: string, port: number) => Promise<ServiceProcess>,
  ) => {
    const prefix = `{bench-intake-${side}-${randomBytes(3).toString("hex")}}`;
    const port = await freePort();
    const svc = await start(prefix, port);
    try {
      sides.push(await measureSide(side, `http://127.0.0.1:${port}`, svc, redis, prefix, opts));
    } finally {
      await svc.stop();
      await deleteKeys(redis, prefix);
    }
  };
  try {
    const startIntake = (processes: number) => async (prefix: string, port: number) => {
      const svc = spawnService({
        name: processes > 1 ? `intake-api-${processes}p` : "intake-api",
        entry: appEntry("intake-api"),
        env: {
          REDIS_URL: redisUrl,
          MISTFLOW_PREFIX: prefix,
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "info",
          BLUEPRINTS_DIR: join(repoRoot(), "examples/blueprints"),
          INTAKE_PROCESSES: String(processes),
        },
        logDir,
      });
      await waitUntil("the intake API", httpOk(`http://127.0.0.1:${port}/readyz`));
      return svc;
    };
    await run("intake", startIntake(1));
    // The deployment shape for two cores: two API processes sharing the port (INTAKE_PROCESSES=2).
    await run("intake-2p", startIntake(2));
    await run("baseline", (prefix, port) =>
      spawnBenchChild("baseline-intake", { kind: "baseline-intake", redisUrl, prefix, port }, logDir),
    );
  } finally {
    redis.disconnect();
  }
  const intake = sides.find((s) => s.side === "intake");
  const intake2p = sides.find((s) => s.side === "intake-2p");
  const baseline = sides.find((s) => s.side === "baseline");
  const ratio = intake && baseline ? intake.acceptedPerS / baseline.acceptedPerS : Number.NaN;
  const lines = [
    `Intake: \`POST /v1/deployments\`, ${opts.connections} connections, ${opts.durationS} s after ${opts.warmupS} s warm-up, no workers running`,
    "",
    ...markdownTable(
      [
        "server",
        "requests",
        "accepted (202)",
        "accepted/s",
        "p50 ms",
        "p99 ms",
        "flows enqueued",
        "other",
        "CPU s: server / Redis / load",
      ],
      sides.map((s) => [
        s.side === "intake"
          ? "intake API"
          : s.side === "intake-2p"
            ? "intake API, 2 processes"
            : "baseline (flow add only)",
        int(s.requests),
        int(s.accepted),
        int(s.acceptedPerS),
        fixed(s.p50Ms, 0),
        fixed(s.p99Ms, 0),
        int(s.flowsEnqueued),
        Object.entries(s.otherStatuses)
          .map(([c, n]) => `${n}×${c}`)
          .concat(s.errors ? [`${s.errors} errors`] : [])
          .join(", ") || "-",
        `${fixed(s.cpuSeconds.server)} / ${fixed(s.cpuSeconds.redis)} / ${fixed(s.cpuSeconds.loadGenerator)}`,
      ]),
    ),
    "",
    `intake / baseline accepted/s (one process each): ${fixed(ratio, 2)}`,
  ];
  return {
    name: "intake",
    title: "Intake throughput",
    lines,
    summary: [
      {
        metric: "intake accepted/s on 2 cores (INTAKE_PROCESSES=2, 50 connections)",
        measured: intake2p ? int(intake2p.acceptedPerS) : "-",
        target: "≥ 1,000",
        met: intake2p ? intake2p.acceptedPerS >= 1000 : false,
      },
      {
        metric: "intake accepted/s, one process",
        measured: intake ? int(intake.acceptedPerS) : "-",
        target: "-",
        met: undefined,
      },
      {
        metric: "intake p50 / p99 latency",
        measured: intake ? `${fixed(intake.p50Ms, 0)} / ${fixed(intake.p99Ms, 0)} ms` : "-",
        target: "-",
        met: undefined,
      },
      {
        metric: "intake / baseline accepted/s",
        measured: fixed(ratio, 2),
        target: "≥ 0.5",
        met: ratio >= 0.5,
      },
    ],
    seconds: (Date.now() - started) / 1000,
    data: { options: opts, sides },
  };
}
