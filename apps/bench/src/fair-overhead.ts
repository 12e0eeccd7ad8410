import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IntakeClient } from "@mistflow/cli";
import { DOMAINS } from "@mistflow/contracts";
import { freePort } from "@mistflow/local-redis";
import { type ServiceProcess, SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { QUEUE_NAMES } from "@mistflow/queues";
import { Redis } from "ioredis";
import { benchRequest, RootWatcher, submitAll } from "./bench-requests";
import { BENCH_ORG } from "./bench-seed";
import { type BenchStack, startBenchStack } from "./bench-stack";
import { operation } from "./calls-per-site";
import { monotonicMicros, type ProfileBreakdown, summarizeProfiles } from "./cpu-profile";
import { FAIR_TOKEN_ENV } from "./fair-child";
import { deleteKeys } from "./redis-keys";
import { type BenchOutcome, fixed, int, markdownTable } from "./report";
import { redisCpuSeconds, spawnBenchChild, treeCpuSeconds } from "./spawn-child";

export interface FairOptions {
  deployments: number;
  /** Per worker process, on both sides. */
  concurrency: number;
  /** Deployments submitted at a time, over HTTP, on both sides. */
  submitConcurrency: number;

  /**
   * A second pass with this latency per call (uniform ± jitter), as Mist answers: where the user's
   * wait is the calls, not the orchestration. 0 skips it.
   */
  latencyMs: number;
  jitterMs: number;
}

export const FAIR_DEFAULTS: FairOptions = {
  deployments: 500,
  concurrency: 10,
  submitConcurrency: 20,
  latencyMs: 150,
  jitterMs: 100,
};

/** Jobs per deployment on both sides: the root, late binding, 13 steps. */
const JOBS_PER_DEPLOYMENT = 15;

/** The ratio issue 17 asks for, time and worker CPU per job alike. */
const TARGET_RATIO = 1.3;

export interface FairSide {
  side: "mistflow" | "baseline";
  deployments: number;
  completed: number;
  seconds: number;
  /** CPU seconds during the timed interval, per process group. */
  cpuSeconds: Record<string, number>;
  workerCpuMsPerJob: number;
  /** Mist calls the simulator recorded in the timed interval, per status, operation and binding. */
  calls: Record<string, number>;
  /** Redis commands per job in the timed interval, by command (the Redis is this run's only user on CI). */
  redisCommandsPerJob: Record<string, number>;
  /** The timed interval on the monotonic clock of the profiles, µs: to read them again by hand. */
  window: { fromUs: number; toUs: number; profileDir: string };
  /** Worker self time by origin during the timed interval, ms per job. */
  profileMsPerJob: ProfileBreakdown;
}

interface Ledger {
  seq: number;
  method: string;
  path: string;
  status: number;
  binds?: string[];
}

async function ledgerSince(simUrl: string, since: number): Promise<Ledger[]> {
  const res = await fetch(`${simUrl}/__sim/ledger?since=${since}`);
  return (await res.json()) as Ledger[];
}

const lastSeq = (entries: Ledger[], fallback: number) => entries.at(-1)?.seq ?? fallback;

/** Calls per status, operation and bound fields: two sides made the same calls iff these agree. */
function callCounts(entries: Ledger[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const key = `${e.status} ${operation(e.method, e.path)}${e.binds?.length ? ` (binds ${[...e.binds].sort().join(", ")})` : ""}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** The warmed org's binding, as late binding left it on the first site: what step 1 sends later. */
async function bindingOfSite(simUrl: string, name: string): Promise<Record<string, string | string[]>> {
  const res = await fetch(`${simUrl}/api/v1/orgs/${BENCH_ORG}/sites`, {
    headers: { authorization: `Token ${SIM_DEMO_TOKEN}` },
  });
  const sites = (await res.json()) as Array<Record<string, unknown>>;
  const site = sites.find((s) => s.name === name);
  if (!site) throw new Error(`the warm-up site ${name} is not in the simulator`);
  const binding: Record<string, string | string[]> = {};
  for (const field of ["gatewaytemplate_id", "networktemplate_id", "rftemplate_id"])
    if (typeof site[field] === "string") binding[field] = site[field];
  if (Array.isArray(site.sitegroup_ids) && site.sitegroup_ids.length > 0)
    binding.sitegroup_ids = site.sitegroup_ids as string[];
  return binding;
}

/** Calls per Redis command so far (INFO commandstats): how many round trips each side makes. */
async function redisCommandCalls(redis: Redis): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of (await redis.info("commandstats")).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    out[m[1] ?? "?"] = Number(m[2]);
  return out;
}

async function groupCpu(groups: Record<string, ServiceProcess[]>, redis: Redis) {
  const snap: Record<string, number> = {};
  for (const [group, procs] of Object.entries(groups)) {
    const each = await Promise.all(procs.map((p) => treeCpuSeconds(p.child.pid)));
    snap[group] = each.reduce<number>((a, b) => a + (b ?? 0), 0);
  }
  snap.redis = await redisCpuSeconds(redis);
  return snap;
}

const delta = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)]));

/** One timed interval: submit N over HTTP, wait for N roots, read CPU and the ledger around it. */
async function timedRun(args: {
  apiUrl: string;
  simUrl: string;
  watcher: RootWatcher;
  alreadyEnded: number;
  groups: Record<string, ServiceProcess[]>;
  redis: Redis;
  opts: FairOptions;
  label: string;
  macOffset: number;
}) {
  const { opts } = args;
  const seq0 = lastSeq(await ledgerSince(args.simUrl, 0), 0);
  const cpu0 = await groupCpu(args.groups, args.redis);
  const commands0 = await redisCommandCalls(args.redis);
  const fromUs = monotonicMicros();
  const started = Date.now();
  await submitAll(new IntakeClient(args.apiUrl), opts.deployments, {
    concurrency: opts.submitConcurrency,
    label: args.label,
    macOffset: args.macOffset,
  });
  const done = await args.watcher.waitFor(args.alreadyEnded + opts.deployments, 600_000);
  const seconds = (Date.now() - started) / 1000;
  const toUs = monotonicMicros();
  const cpu = delta(cpu0, await groupCpu(args.groups, args.redis));
  const commands = delta(commands0, await redisCommandCalls(args.redis));
  const calls = callCounts(await ledgerSince(args.simUrl, seq0));
  return { seconds, cpu, calls, commands, fromUs, toUs, completed: done.completed - args.alreadyEnded };
}

/**
 * Fair overhead (issue 17, item 3): the same deployments, through mistflow and through a minimal
 * hand-written BullMQ program (fair-child.ts) that makes the very same Mist calls, against one
 * simulator with neither latency nor limit, so what differs is only what each side runs around
 * the calls. The org is warmed first by one mistflow deployment, so every deployment on either
 * side costs the same 3 calls; the ledger proves they did. Worker processes run under V8's
 * sampling profiler on both sides, and the profiles say where the difference goes.
 */
export async function measureFairOverhead(
  redisUrl: string,
  opts: FairOptions = FAIR_DEFAULTS,
): Promise<
  BenchOutcome<{
    options: FairOptions;
    sides: FairSide[];
    timeRatio: number;
    cpuRatio: number;
    atLatency?: { seconds: Record<FairSide["side"], number>; timeRatio: number; cpuRatio: number };
  }>
> {
  const started = Date.now();
  const n = opts.deployments;
  const logDir = await mkdtemp(join(tmpdir(), "mistflow-bench-fair-"));
  const profileDir = {
    mistflow: join(logDir, "profile-mistflow"),
    baseline: join(logDir, "profile-baseline"),
  };
  await Promise.all(Object.values(profileDir).map((d) => mkdir(d)));
  const profiled = (dir: string) => ["--cpu-prof", `--cpu-prof-dir=${dir}`];
  const redis = new Redis(redisUrl);
  const baselinePrefix = `{bench-fair-${randomBytes(3).toString("hex")}}`;
  const baselineProcs: ServiceProcess[] = [];
  let stack: BenchStack | undefined;
  const watchers: RootWatcher[] = [];
  type Run = Awaited<ReturnType<typeof timedRun>>;
  let runs: { baseline: Run; mistflow: Run };
  let atLatency: { baseline: Run; mistflow: Run } | undefined;
  try {
    // Sites: 1 warm-up, then N baseline and N mistflow per pass, each with its own AP.
    stack = await startBenchStack(redisUrl, {
      sites: 1 + 4 * n,
      concurrency: opts.concurrency,
      workerNodeArgs: profiled(profileDir.mistflow),
    });
    const mistflowWatcher = await RootWatcher.start(redisUrl, stack.prefix);
    watchers.push(mistflowWatcher);
    // The first site of an org creates its org objects: not what either side is timed on.
    const warm = benchRequest(0, "WARM");
    await new IntakeClient(stack.apiUrl).submit(warm);
    const warmed = await mistflowWatcher.waitFor(1, 120_000);
    if (warmed.completed !== 1) throw new Error("the warm-up deployment failed");
    const binding = await bindingOfSite(stack.simUrl, warm.site.name);

    const apiPort = await freePort();
    baselineProcs.push(
      await spawnBenchChild(
        "fair-intake",
        { kind: "fair-intake", redisUrl, prefix: baselinePrefix, port: apiPort },
        logDir,
      ),
    );
    for (const domain of DOMAINS) {
      const cfg = {
        kind: "fair-worker" as const,
        redisUrl,
        prefix: baselinePrefix,
        queue: QUEUE_NAMES[domain],
        concurrency: opts.concurrency,
        mistBaseUrl: stack.simUrl,
        orgId: BENCH_ORG,
        binding,
      };
      const env = { [FAIR_TOKEN_ENV]: SIM_DEMO_TOKEN };
      baselineProcs.push(
        await spawnBenchChild(`fair-${domain}`, cfg, logDir, env, profiled(profileDir.baseline)),
      );
    }
    const baselineWatcher = await RootWatcher.start(redisUrl, baselinePrefix);
    watchers.push(baselineWatcher);
    const simulator = stack.services.filter((s) => s.name === "mist-sim");
    const sides = {
      baseline: {
        apiUrl: `http://127.0.0.1:${apiPort}`,
        watcher: baselineWatcher,
        groups: {
          workers: baselineProcs.filter((p) => p.name !== "fair-intake"),
          intake: baselineProcs.filter((p) => p.name === "fair-intake"),
          simulator,
        },
      },
      mistflow: {
        apiUrl: stack.apiUrl,
        watcher: mistflowWatcher,
        groups: {
          workers: stack.services.filter((s) => s.name.startsWith("worker-") && s.name !== "worker-notify"),
          intake: stack.services.filter((s) => s.name === "intake-api"),
          simulator,
        },
      },
    };
    const simUrl = stack.simUrl;
    // Baseline first in each pass: mistflow then runs against a simulator holding N more sites.
    const pass = async (i: number, tag: string) => {
      const baseline = await timedRun({
        ...sides.baseline,
        simUrl,
        alreadyEnded: i * n,
        redis,
        opts,
        label: `BASE${tag}`,
        macOffset: 1 + 2 * i * n,
      });
      const mistflow = await timedRun({
        ...sides.mistflow,
        simUrl,
        alreadyEnded: 1 + i * n,
        redis,
        opts,
        label: `FLOW${tag}`,
        macOffset: 1 + (2 * i + 1) * n,
      });
      return { baseline, mistflow };
    };
    runs = await pass(0, "");
    if (opts.latencyMs > 0) {
      await fetch(`${simUrl}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ path: ".*", delay_ms: opts.latencyMs, jitter_ms: opts.jitterMs }),
      });
      atLatency = await pass(1, "L");
    }
  } finally {
    for (const w of watchers) await w.close();
    // The profiles are written as each process exits, so both sides stop before they are read.
    await Promise.allSettled(baselineProcs.map((p) => p.stop()));
    await stack?.close();
    await deleteKeys(redis, baselinePrefix);
    redis.disconnect();
  }

  const jobs = n * JOBS_PER_DEPLOYMENT;
  const side = async (name: FairSide["side"]): Promise<FairSide> => {
    const run = runs[name];
    const profile = await summarizeProfiles(profileDir[name], run.fromUs, run.toUs);
    return {
      side: name,
      deployments: n,
      completed: run.completed,
      seconds: run.seconds,
      cpuSeconds: run.cpu,
      window: { fromUs: run.fromUs, toUs: run.toUs, profileDir: profileDir[name] },
      workerCpuMsPerJob: ((run.cpu.workers ?? 0) * 1000) / jobs,
      calls: run.calls,
      redisCommandsPerJob: Object.fromEntries(
        Object.entries(run.commands)
          .filter(([, c]) => c > 0)
          .map(([k, c]) => [k, c / jobs]),
      ),
      profileMsPerJob: Object.fromEntries(Object.entries(profile).map(([k, ms]) => [k, ms / jobs])),
    };
  };
  const baseline = await side("baseline");
  const mistflow = await side("mistflow");
  const timeRatio = mistflow.seconds / baseline.seconds;
  const cpuRatio = mistflow.workerCpuMsPerJob / baseline.workerCpuMsPerJob;
  const sameCalls = JSON.stringify(sorted(baseline.calls)) === JSON.stringify(sorted(mistflow.calls));
  const allDone = baseline.completed === n && mistflow.completed === n;
  const label = (s: FairSide) =>
    s.side === "baseline" ? "hand-written BullMQ, same Mist calls" : "mistflow end to end";
  // At Mist's latency: the same comparison where the calls, not the processing, set the pace.
  const slow = atLatency && {
    baseline: atLatency.baseline,
    mistflow: atLatency.mistflow,
    timeRatio: atLatency.mistflow.seconds / atLatency.baseline.seconds,
    cpuRatio: (atLatency.mistflow.cpu.workers ?? 0) / (atLatency.baseline.cpu.workers ?? 1),
    sameCalls:
      JSON.stringify(sorted(atLatency.baseline.calls)) === JSON.stringify(sorted(atLatency.mistflow.calls)),
    allDone: atLatency.baseline.completed === n && atLatency.mistflow.completed === n,
  };
  const latencyLabel = `${opts.latencyMs} ± ${opts.jitterMs} ms per call`;

  const origins = [
    ...new Set([...Object.keys(mistflow.profileMsPerJob), ...Object.keys(baseline.profileMsPerJob)]),
  ]
    .map((o) => ({
      o,
      m: mistflow.profileMsPerJob[o] ?? 0,
      b: baseline.profileMsPerJob[o] ?? 0,
    }))
    .sort((x, y) => y.m - y.b - (x.m - x.b));
  const profileTotal = (s: FairSide) => Object.values(s.profileMsPerJob).reduce((a, b) => a + b, 0);
  const extra = profileTotal(mistflow) - profileTotal(baseline);
  const groups = [...new Set([...Object.keys(mistflow.cpuSeconds), ...Object.keys(baseline.cpuSeconds)])];
  const commandTotal = (s: FairSide) => Object.values(s.redisCommandsPerJob).reduce((a, b) => a + b, 0);
  const commandKeys = [
    ...new Set([...Object.keys(mistflow.redisCommandsPerJob), ...Object.keys(baseline.redisCommandsPerJob)]),
  ]
    .sort((a, b) => (mistflow.redisCommandsPerJob[b] ?? 0) - (mistflow.redisCommandsPerJob[a] ?? 0))
    .slice(0, 12);
  commandKeys.push("all");
  baseline.redisCommandsPerJob.all = commandTotal(baseline);
  mistflow.redisCommandsPerJob.all = commandTotal(mistflow);
  const callKeys = [...new Set([...Object.keys(mistflow.calls), ...Object.keys(baseline.calls)])].sort();

  return {
    name: "fair",
    title: "Fair overhead: mistflow against a hand-written BullMQ program making the same Mist calls",
    lines: [
      `${n} deployments of ${JOBS_PER_DEPLOYMENT} jobs per side to a warmed org, ${DOMAINS.length} worker processes × concurrency ${opts.concurrency}, ${opts.submitConcurrency} HTTP submissions in flight, one simulator (no latency, no limit), worker processes under \`--cpu-prof\` on both sides`,
      "",
      ...markdownTable(
        ["side", "completed", "seconds", "deployments/s", "worker CPU ms/job"],
        [baseline, mistflow].map((s) => [
          label(s),
          `${int(s.completed)}/${int(s.deployments)}`,
          fixed(s.seconds, 1),
          fixed(s.deployments / s.seconds, 1),
          fixed(s.workerCpuMsPerJob, 2),
        ]),
      ),
      "",
      `mistflow / baseline: time ${fixed(timeRatio, 2)}×, worker CPU per job ${fixed(cpuRatio, 2)}×`,
      "",
      ...(slow
        ? [
            `The same, with the simulator answering in ${latencyLabel} as Mist does (another ${n} deployments per side, Mist calls ${slow.sameCalls ? "identical" : "**different**"}):`,
            "",
            ...markdownTable(
              ["side", "completed", "seconds", "deployments/s", "worker CPU ms/job"],
              (["baseline", "mistflow"] as const).map((k) => [
                label({ side: k } as FairSide),
                `${int(slow[k].completed)}/${int(n)}`,
                fixed(slow[k].seconds, 1),
                fixed(n / slow[k].seconds, 1),
                fixed(((slow[k].cpu.workers ?? 0) * 1000) / jobs, 2),
              ]),
            ),
            "",
            `mistflow / baseline at Mist's latency: time ${fixed(slow.timeRatio, 2)}×, worker CPU per job ${fixed(slow.cpuRatio, 2)}×`,
            "",
          ]
        : []),
      `Mist calls in each timed interval (the simulator's ledger): ${sameCalls ? "identical" : "**different**"}`,
      "",
      ...markdownTable(
        ["calls (status, operation)", "baseline", "mistflow"],
        callKeys.map((k) => [`\`${k}\``, baseline.calls[k] ?? 0, mistflow.calls[k] ?? 0]),
      ),
      "",
      "Redis commands per job in the timed interval (INFO commandstats; a Lua script or a MULTI counts each command it runs):",
      "",
      ...markdownTable(
        ["command", "baseline", "mistflow"],
        commandKeys.map((k) => [
          k,
          fixed(baseline.redisCommandsPerJob[k] ?? 0, 2),
          fixed(mistflow.redisCommandsPerJob[k] ?? 0, 2),
        ]),
      ),
      "",
      "CPU seconds in the timed interval, by process group:",
      "",
      ...markdownTable(
        ["side", ...groups],
        [baseline, mistflow].map((s) => [label(s), ...groups.map((g) => fixed(s.cpuSeconds[g] ?? 0, 2))]),
      ),
      "",
      `Where the workers' time goes: self time sampled by V8 in the timed interval, ms per job, largest difference first (${fixed(extra, 2)} ms more per job in all). Sampled time is the thread's time on the CPU plus time in synchronous system calls and time preempted on a busy machine, so it is larger than the CPU seconds above; the shares are what it tells:`,
      "",
      ...markdownTable(
        ["origin", "baseline", "mistflow", "difference"],
        origins
          .filter((r) => Math.abs(r.m - r.b) >= 0.005 || r.m >= 0.01)
          .slice(0, 14)
          .map((r) => [r.o, fixed(r.b, 3), fixed(r.m, 3), fixed(r.m - r.b, 3)]),
      ),
    ],
    summary: [
      {
        metric: `mistflow time / hand-written BullMQ making the same calls (${n} deployments)`,
        measured: `${fixed(timeRatio, 2)}×`,
        target: `≤ ${TARGET_RATIO}×`,
        met: timeRatio <= TARGET_RATIO && sameCalls && allDone,
      },
      ...(slow
        ? [
            {
              metric: `the same at Mist's latency (${latencyLabel})`,
              measured: `${fixed(slow.timeRatio, 2)}×`,
              target: `≤ ${TARGET_RATIO}×`,
              met: slow.timeRatio <= TARGET_RATIO && slow.sameCalls && slow.allDone,
            },
          ]
        : []),
      {
        metric: "mistflow worker CPU per job / the same baseline",
        measured: `${fixed(cpuRatio, 2)}×`,
        target: `≤ ${TARGET_RATIO}×`,
        met: cpuRatio <= TARGET_RATIO && sameCalls && allDone,
      },
    ],
    seconds: (Date.now() - started) / 1000,
    data: {
      options: opts,
      sides: [baseline, mistflow],
      timeRatio,
      cpuRatio,
      ...(slow
        ? {
            atLatency: {
              seconds: { baseline: slow.baseline.seconds, mistflow: slow.mistflow.seconds },
              timeRatio: slow.timeRatio,
              cpuRatio: slow.cpuRatio,
            },
          }
        : {}),
    },
  };
}

const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort());
