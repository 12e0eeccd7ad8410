import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeploymentView } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import type { LedgerEntry } from "./support/sim-admin";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

const WINDOW_MS = 5_000;
const SIM_LIMIT = 40;
/** Our share, like 4,500 of Mist's 5,000: headroom for calls that cross a window edge in flight. */
const BUDGET = 36;

const apiCalls = (ledger: LedgerEntry[]) => ledger.filter((e) => e.path.startsWith("/api/v1/"));

/** The steps a deployment ran; a site without devices has no assurance step (`skipped`). */
const ranSteps = (v: DeploymentView) => Object.values(v.steps).filter((s) => s.state !== "skipped");

describe("one Mist budget shared by every worker process", () => {
  let stack: TestStack;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mistflow-tokens-"));
    const tokensFile = join(dir, "tokens.json");
    writeFileSync(
      tokensFile,
      JSON.stringify({
        orgs: {
          [DEMO_ORG]: [
            { alias: "demo", token: "sim-demo-token-0123456789abcdef0123456789abcdef" },
            { alias: "readonly", token: "sim-readonly-token-0123456789abcdef0123456789ab" },
          ],
        },
      }),
    );
    stack = await startTestStack("budget", {
      simArgs: ["--rate-limit", `${SIM_LIMIT}/${WINDOW_MS / 1000}s`],
      workerEnv: {
        MIST_RATE_BUDGET: String(BUDGET),
        MIST_RATE_WINDOW_MS: String(WINDOW_MS),
        MIST_RATE_BURST: "6",
        MIST_TIMEOUT_MS: "1000",
      },
      intakeEnv: { MIST_TOKENS_FILE: tokensFile, MIST_RATE_WINDOW_MS: String(WINDOW_MS) },
    });
    // Two more processes on the busiest domains: budget sharing must not depend on one per domain.
    await stack.startWorker("wireless", "worker-wireless-2");
    await stack.startWorker("inventory", "worker-inventory-2");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("keeps every window within the budget, sees no 429, and uses ≥ 95% of it while work is queued", async () => {
    // ~100 calls: at least three budget windows wherever in a window the run happens to start.
    const ids: string[] = [];
    for (let i = 0; i < 24; i++)
      ids.push((await stack.api.submit(extraSite(`RB-03${String(i).padStart(2, "0")} Budget`))).id);
    const views = await stack.waitForEnd(ids, 180_000);
    expect(views.map((v) => v.status)).toEqual(views.map(() => "succeeded"));
    for (const v of views) for (const step of ranSteps(v)) expect(step.attempts).toBe(1);

    const calls = apiCalls(await stack.sim.ledger());
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    const perWindow = new Map<number, number>();
    for (const c of calls)
      perWindow.set(Math.floor(c.at / WINDOW_MS), (perWindow.get(Math.floor(c.at / WINDOW_MS)) ?? 0) + 1);
    const windows = [...perWindow.entries()].sort((a, b) => a[0] - b[0]);
    expect(Math.max(...windows.map(([, n]) => n))).toBeLessThanOrEqual(BUDGET + 2);
    // Windows fully inside the run (not the first or last) had work waiting the whole time.
    const inner = windows.slice(1, -1);
    expect(inner.length, `windows ${JSON.stringify(windows)}`).toBeGreaterThanOrEqual(1);
    // Averaged, because one window on a shared, noisy machine can lose a call or two to a process
    // that was not scheduled in time; no single window may fall far below, though.
    const used = inner.map(([, n]) => n / BUDGET);
    expect(
      used.reduce((a, b) => a + b, 0) / used.length,
      `windows ${JSON.stringify(windows)}`,
    ).toBeGreaterThanOrEqual(0.95);
    for (const u of used) expect(u, `windows ${JSON.stringify(windows)}`).toBeGreaterThanOrEqual(0.85);
  });

  it("pauses every process on a 429 storm for its Retry-After, then finishes without spending attempts", async () => {
    await stack.forgetCatalog();
    const before = (await stack.sim.ledger()).at(-1)?.seq ?? 0;
    await stack.sim.addFault({ path: "^/orgs/", status: 429, retry_after_s: 3, times: 4 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await stack.api.submit(extraSite(`RB-04${i} Storm`))).id);
      const views = await stack.waitForEnd(ids, 120_000);
      expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      for (const v of views) for (const step of ranSteps(v)) expect(step.attempts).toBe(1);

      const calls = apiCalls(await stack.sim.ledger(before));
      const storm = calls.filter((c) => c.status === 429);
      expect(storm).toHaveLength(4);
      const firstAt = storm[0]?.at ?? 0;
      // Calls already on the wire when the first 429 landed may still arrive; after that, silence.
      const during = calls.filter((c) => c.at > firstAt + 250 && c.at < firstAt + 2_900 && c.status !== 429);
      expect(during).toEqual([]);
      expect(calls.some((c) => c.at >= firstAt + 2_900 && c.status < 300)).toBe(true);
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("retries 5xx and timeouts until the step succeeds", async () => {
    await stack.forgetCatalog();
    await stack.sim.addFault({ method: "POST", path: "^/orgs/[^/]+/sites$", status: 503, times: 1 });
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/services$", status: 502, times: 2 });
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/networks$", hang: true, times: 1 });
    try {
      const sitesBefore = (await stack.sim.counts(DEMO_ORG)).sites ?? 0;
      const { id } = await stack.api.submit(extraSite("RB-0500 Flaky"));
      const [view] = await stack.waitForEnd([id], 120_000);
      expect(view?.status).toBe("succeeded");
      // A failed POST is not retried blindly: the step runs again and finds or creates the site.
      expect(view?.steps.s01.attempts).toBe(2);
      // GETs are retried inside the client, so these steps succeed on their first attempt.
      expect(view?.steps.s03.attempts).toBe(1);
      expect(view?.steps.s04.attempts).toBe(1);
      expect((await stack.sim.counts(DEMO_ORG)).sites, "exactly one site despite the failed POST").toBe(
        sitesBefore + 1,
      );
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("probes each token of an org: valid, allowed to write, and its budget", async () => {
    const res = await fetch(`${stack.apiUrl}/v1/orgs/${DEMO_ORG}/probe`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      ok: boolean;
      tokens: Array<{
        alias: string;
        ok: boolean;
        role: string;
        problem?: string;
        mist_usage?: { request_limit: number };
      }>;
    };
    expect(report.ok).toBe(true);
    expect(report.tokens.map((t) => [t.alias, t.ok, t.role])).toEqual([
      ["demo", true, "admin"],
      ["readonly", false, "read"],
    ]);
    expect(report.tokens[1]?.problem).toContain("cannot write");
    expect(report.tokens[0]?.mist_usage?.request_limit).toBe(SIM_LIMIT);
    expect(JSON.stringify(report)).not.toContain("sim-demo-token");
    expect((await fetch(`${stack.apiUrl}/v1/orgs/00000000-0000-0000-0000-000000000000/probe`)).status).toBe(
      404,
    );
  });
});
