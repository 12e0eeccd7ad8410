import { IntakeClient } from "@mistflow/cli";
import { benchRequest, RootWatcher } from "./bench-requests";
import { startBenchStack } from "./bench-stack";
import { type BenchOutcome, fixed, int, markdownTable } from "./report";

export interface CallsPerSiteRow {
  sites: number;
  calls: number;
  callsPerSite: number;
  /** (calls(N) − calls(1)) / (N − 1): what each site beyond the first costs. */
  callsPerAdditionalSite: number | null;
  byOperation: Record<string, number>;
  seconds: number;
}

/** Method + path with ids folded, so the table says which operations the calls went to. */
export const operation = (method: string, path: string) =>
  `${method} ${path.replace(/^\/api\/v1/, "").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")}`;

/** One batch of N sites of one blueprint against a fresh simulator; Mist calls counted by its ledger. */
async function measureCallsPerSite(redisUrl: string, sizes: number[]): Promise<CallsPerSiteRow[]> {
  const rows: CallsPerSiteRow[] = [];
  for (const n of sizes) {
    // Counting calls, not pacing them: the simulator's limit is off and so is ours, in effect.
    const stack = await startBenchStack(redisUrl, { sites: n, concurrency: 10 });
    const roots = await RootWatcher.start(redisUrl, stack.prefix);
    try {
      const api = new IntakeClient(stack.apiUrl);
      const started = Date.now();
      // One at a time, as a batch client would: the figure is calls, not speed.
      for (let i = 0; i < n; i++) await api.submit(benchRequest(i));
      await roots.waitFor(n, 120_000 + n * 2_000);
      const succeeded = await stack.countSucceeded();
      if (succeeded !== n) throw new Error(`${n - succeeded} of ${n} bench deployments did not succeed`);
      const ledger = (await (await fetch(`${stack.simUrl}/__sim/ledger?limit=1000000`)).json()) as Array<{
        method: string;
        path: string;
      }>;
      const byOperation: Record<string, number> = {};
      for (const e of ledger)
        byOperation[operation(e.method, e.path)] = (byOperation[operation(e.method, e.path)] ?? 0) + 1;
      rows.push({
        sites: n,
        calls: ledger.length,
        callsPerSite: ledger.length / n,
        callsPerAdditionalSite: null,
        byOperation,
        seconds: (Date.now() - started) / 1000,
      });
    } finally {
      await roots.close();
      await stack.close();
    }
  }
  const one = rows.find((r) => r.sites === 1);
  for (const row of rows) {
    if (one && row.sites > 1) row.callsPerAdditionalSite = (row.calls - one.calls) / (row.sites - 1);
  }
  return rows;
}

/** Target from issue 17: each site beyond the first costs at most 3 Mist calls (the binding rides on the create). */
const PER_ADDITIONAL_SITE_TARGET = 3;

export async function callsPerSiteBench(
  redisUrl: string,
  sizes: number[],
): Promise<BenchOutcome<{ rows: CallsPerSiteRow[] }>> {
  const started = Date.now();
  const rows = await measureCallsPerSite(redisUrl, sizes);
  const lines = [
    "Mist calls per site (one blueprint, devices assigned by MAC, simulator without rate limit)",
    "",
    ...markdownTable(
      ["sites", "calls", "calls/site", "calls per additional site", "seconds"],
      rows.map((r) => [
        r.sites,
        int(r.calls),
        fixed(r.callsPerSite, 2),
        r.callsPerAdditionalSite === null ? "-" : fixed(r.callsPerAdditionalSite, 2),
        fixed(r.seconds, 1),
      ]),
    ),
  ];
  const largest = rows.at(-1);
  if (largest) {
    lines.push("", `Calls by operation for ${largest.sites} sites:`, "");
    lines.push(
      ...markdownTable(
        ["calls", "operation"],
        Object.entries(largest.byOperation)
          .sort((a, b) => b[1] - a[1])
          .map(([op, count]) => [count, `\`${op}\``]),
      ),
    );
  }
  const extra = rows.filter((r) => r.callsPerAdditionalSite !== null);
  return {
    name: "calls",
    title: "Mist calls per site",
    lines,
    summary: extra.map((r) => ({
      metric: `Mist calls per additional site (${r.sites} sites)`,
      measured: fixed(r.callsPerAdditionalSite ?? Number.NaN, 2),
      target: `≤ ${PER_ADDITIONAL_SITE_TARGET}`,
      met: (r.callsPerAdditionalSite ?? Number.POSITIVE_INFINITY) <= PER_ADDITIONAL_SITE_TARGET,
    })),
    seconds: (Date.now() - started) / 1000,
    data: { rows },
  };
}
