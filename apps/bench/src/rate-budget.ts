import { IntakeClient } from "@mistflow/cli";
import { RootWatcher, submitAll } from "./bench-requests";
import { startBenchStack } from "./bench-stack";
import { type BenchOutcome, fixed, int, markdownTable, pct } from "./report";

export interface BudgetOptions {
  sites: number;
  budget: number;
  windowMs: number;
  /** The simulator's own limit: above our budget, like Mist's 5,000 over our 4,500. */
  simLimit: number;
  burst: number;
  /** Processes per domain that calls Mist for every site (sites, inventory, orchestration). */
  processesPerBusyDomain: number;
}

export const BUDGET_DEFAULTS: BudgetOptions = {
  sites: 150,
  budget: 60,
  windowMs: 5_000,
  simLimit: 66,
  burst: 6,
  processesPerBusyDomain: 3,
};

const BUSY_DOMAINS = ["sites", "inventory", "orchestration"] as const;

export interface BudgetResult {
  options: BudgetOptions;
  workerProcesses: number;
  calls: number;
  status429: number;
  /** [window start (ms since epoch), calls that reached the simulator in it] */
  windows: Array<[number, number]>;
  /** Windows in which more calls than our budget reached the simulator (counted by arrival). */
  overBudget: number;
  /** Windows over the simulator's own limit: what would have drawn 429s from Mist. */
  overSimLimit: number;
  maxInWindow: number;
  innerMeanShare: number;
  innerMinShare: number;
  succeeded: number;
  seconds: number;
}

/**
 * The shared Mist budget over a long run: a scaled-down budget (per 5 s instead of per hour), several
 * processes per busy domain drawing on it, and enough sites that work waits for budget in every
 * window. Windows are aligned to the epoch like the limiter's; the first and the last are partial.
 */
export async function measureRateBudget(
  redisUrl: string,
  opts: BudgetOptions = BUDGET_DEFAULTS,
): Promise<BenchOutcome<BudgetResult>> {
  const started = Date.now();
  const stack = await startBenchStack(redisUrl, {
    sites: opts.sites,
    concurrency: 5,
    simArgs: ["--rate-limit", `${opts.simLimit}/${opts.windowMs}ms`],
    workerEnv: {
      MIST_RATE_BUDGET: String(opts.budget),
      MIST_RATE_WINDOW_MS: String(opts.windowMs),
      MIST_RATE_BURST: String(opts.burst),
    },
  });
  const roots = await RootWatcher.start(redisUrl, stack.prefix);
  let result: BudgetResult;
  try {
    for (const domain of BUSY_DOMAINS)
      for (let i = 2; i <= opts.processesPerBusyDomain; i++)
        await stack.startWorker(domain, `worker-${domain}-${i}`);
    const workerProcesses = stack.services.filter((s) => s.name.startsWith("worker-")).length;
    const api = new IntakeClient(stack.apiUrl);
    const t0 = Date.now();
    await submitAll(api, opts.sites, { label: "BUDGET" });
    await roots.waitFor(opts.sites, 600_000);
    const seconds = (Date.now() - t0) / 1000;
    const ledger = (await (await fetch(`${stack.simUrl}/__sim/ledger?limit=1000000`)).json()) as Array<{
      at: number;
      path: string;
      status: number;
    }>;
    const calls = ledger.filter((e) => e.path.startsWith("/api/v1/"));
    const perWindow = new Map<number, number>();
    for (const c of calls) {
      const w = c.at - (c.at % opts.windowMs);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    const windows = [...perWindow.entries()].sort((a, b) => a[0] - b[0]);
    const inner = windows.slice(1, -1).map(([, n]) => n / opts.budget);
    result = {
      options: opts,
      workerProcesses,
      calls: calls.length,
      status429: calls.filter((c) => c.status === 429).length,
      windows,
      overBudget: windows.filter(([, n]) => n > opts.budget).length,
      overSimLimit: windows.filter(([, n]) => n > opts.simLimit).length,
      maxInWindow: Math.max(...windows.map(([, n]) => n)),
      innerMeanShare: inner.reduce((a, b) => a + b, 0) / inner.length,
      innerMinShare: Math.min(...inner),
      succeeded: await stack.countSucceeded(),
      seconds,
    };
  } finally {
    await roots.close();
    await stack.close();
  }
  const r = result;
  const t0 = r.windows[0]?.[0] ?? 0;
  return {
    name: "budget",
    title: "Rate budget",
    lines: [
      `Rate budget: ${opts.budget} calls per ${opts.windowMs / 1000} s window (simulator limit ${opts.simLimit}), ${r.workerProcesses} worker processes (${opts.processesPerBusyDomain} each for ${BUSY_DOMAINS.join(", ")}), ${opts.sites} sites, ${int(r.calls)} Mist calls in ${fixed(r.seconds, 1)} s`,
      "",
      ...markdownTable(
        ["window", "starts at s", "calls", "share of budget", "kind"],
        r.windows.map(([w, n], i) => [
          i + 1,
          fixed((w - t0) / 1000, 0),
          n,
          pct(n / opts.budget),
          i === 0 || i === r.windows.length - 1 ? "partial (first/last)" : "inner",
        ]),
      ),
      "",
      `inner windows: mean ${pct(r.innerMeanShare)}, min ${pct(r.innerMinShare)} of the budget; most calls in one window ${r.maxInWindow}; ${r.overBudget} window(s) over the budget and ${r.overSimLimit} over the simulator's limit, counted by arrival at the simulator; ${r.status429} × 429; ${r.succeeded}/${opts.sites} succeeded`,
    ],
    summary: [
      {
        metric: "budget used in inner windows (mean / min)",
        measured: `${pct(r.innerMeanShare)} / ${pct(r.innerMinShare)}`,
        target: "≥ 95%",
        met: r.innerMinShare >= 0.95,
      },
      {
        metric: "windows over budget (by arrival at the simulator; most in one window)",
        measured: `${r.overBudget} (${r.maxInWindow} of ${opts.budget})`,
        target: "0",
        met: r.overBudget === 0,
      },
      {
        metric: "429 answers from the simulator",
        measured: String(r.status429),
        target: "0",
        met: r.status429 === 0,
      },
    ],
    seconds: (Date.now() - started) / 1000,
    data: r,
  };
}
