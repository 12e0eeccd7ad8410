import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeploymentView } from "@mistflow/contracts";
import { Redis } from "ioredis";
import { IntakeClient } from "../api/intake-client";
import { startLocalStack } from "../stack";
import { BENCH_ORG, benchMac, writeBenchSeed } from "./bench-seed";

export interface CallsPerSiteRow {
  sites: number;
  calls: number;
  callsPerSite: number;
  /** (calls(N) − calls(1)) / (N − 1): what each site beyond the first costs. */
  callsPerAdditionalSite: number | null;
  byOperation: Record<string, number>;
  seconds: number;
}

const REGIONS = ["NA-EAST", "NA-WEST", "LATAM", "EMEA-N", "EMEA-S", "APAC-N", "APAC-S", "ANZ"];

async function waitAll(api: IntakeClient, ids: string[], timeoutMs: number): Promise<DeploymentView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const views = await Promise.all(ids.map((id) => api.get(id)));
    if (views.every((v) => v.status === "succeeded" || v.status === "failed")) return views;
    if (Date.now() > deadline) throw new Error("bench deployments did not finish in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Method + path with ids folded, so the table says which operations the calls went to. */
const operation = (method: string, path: string) =>
  `${method} ${path.replace(/^\/api\/v1/, "").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")}`;

/** One batch of N sites of one blueprint against a fresh simulator; Mist calls counted by its ledger. */
export async function measureCallsPerSite(redisUrl: string, sizes: number[]): Promise<CallsPerSiteRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "mistflow-bench-"));
  const rows: CallsPerSiteRow[] = [];
  for (const n of sizes) {
    const prefix = `{bench-${randomBytes(3).toString("hex")}}`;
    const seed = await writeBenchSeed(dir, n);
    const stack = await startLocalStack({
      redisUrl,
      prefix,
      board: { username: "bench", password: randomBytes(12).toString("hex") },
      simArgs: ["--seed", seed, "--rate-limit", "off"],
      // Counting calls, not pacing them: the simulator's limit is off and so is ours, in effect.
      workerEnv: { WORKER_CONCURRENCY: "10", MIST_RATE_BUDGET: "10000000", MIST_RATE_BURST: "1000000" },
    });
    try {
      const api = new IntakeClient(stack.apiUrl);
      const started = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const submitted = await api.submit({
          org_id: BENCH_ORG,
          site: {
            name: `BENCH-${String(i).padStart(4, "0")}`,
            address: `${i} Bench Street`,
            timezone: "UTC",
            country_code: "US",
            region: REGIONS[i % REGIONS.length],
          },
          blueprint: "retail-branch",
          devices: { macs: [benchMac(i)] },
        });
        ids.push(submitted.id);
      }
      const views = await waitAll(api, ids, 120_000 + n * 2_000);
      const failed = views.filter((v) => v.status !== "succeeded");
      if (failed.length > 0)
        throw new Error(`${failed.length} bench deployments failed: ${failed[0]?.error?.message}`);
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
      await stack.close();
      const r = new Redis(redisUrl);
      const keys = await r.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
      await r.quit();
    }
  }
  const one = rows.find((r) => r.sites === 1);
  for (const row of rows) {
    if (one && row.sites > 1) row.callsPerAdditionalSite = (row.calls - one.calls) / (row.sites - 1);
  }
  return rows;
}
