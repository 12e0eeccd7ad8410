import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSim, type StartSimOptions, startSim } from "../../app/start-sim";
import { SimClient } from "../../test-support/sim-client";
import { FaultRegistry, jitteredDelay } from "./fault-registry";
import type { FaultSpec } from "./fault-spec";
import { loadFaultsFile, parseFaults } from "./load-faults";

/**
 * Each fault kind, seen from a client exactly as configured. Probabilistic outcomes are compared with
 * a replica FaultRegistry fed the same seed and specs: the simulator must fail precisely the calls
 * the seed picks, not merely "about 5 %".
 */
function replica(seed: number, specs: FaultSpec[], calls: number, method = "GET", path = "/self") {
  const registry = new FaultRegistry(seed, () => 0);
  for (const s of specs) registry.add(s);
  return Array.from({ length: calls }, () => registry.match(method, path));
}

describe("fault observability", () => {
  const sims: RunningSim[] = [];
  const start = async (opts: StartSimOptions) => {
    const sim = await startSim({ rateLimit: false, ...opts });
    sims.push(sim);
    return { sim, api: new SimClient(sim.url) };
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  it("5 % 5xx everywhere (a startup fault) fails exactly the calls the seed picks", async () => {
    const spec: FaultSpec = { path: ".*", status: 500, probability: 0.05 };
    const { api } = await start({ faultSeed: 1234, faults: [spec] });
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) statuses.push((await api.get(i % 2 ? "/self" : "/self/usage")).status);

    const expected = replica(1234, [spec], 400).map((d) => (d ? 500 : 200));
    expect(statuses).toEqual(expected);
    const failed = statuses.filter((s) => s === 500).length;
    // Binomial(400, 0.05): mean 20, sd 4.4. The seed gives one fixed count well inside ±3 sd.
    expect(failed).toBeGreaterThanOrEqual(7);
    expect(failed).toBeLessThanOrEqual(33);
    expect((await api.admin("GET", "/counts")).body.calls.by_status).toEqual({
      "200": 400 - failed,
      "500": failed,
    });
    const [listed] = (await api.admin("GET", "/faults")).body;
    expect(listed).toMatchObject({ fired: failed, probability: 0.05, status: 500 });
  });

  it("delay_ms 50 ± jitter_ms 30 without a status is a slow success, each delay as the seed draws it", async () => {
    const spec: FaultSpec = { path: "^/self$", delay_ms: 50, jitter_ms: 30 };
    const { api } = await start({ faultSeed: 99 });
    expect((await api.admin("POST", "/faults", spec)).body).toMatchObject({
      status: null,
      delay_ms: 50,
      jitter_ms: 30,
    });
    const delays = replica(99, [spec], 12).map((d) => d?.delayMs ?? -1);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(20);
      expect(d).toBeLessThanOrEqual(80);
    }
    expect(new Set(delays).size).toBeGreaterThan(3);
    for (let i = 0; i < 12; i++) expect((await api.get("/self")).status).toBe(200);
    const ledger = (await api.admin("GET", "/ledger")).body as Array<{ duration_ms: number }>;
    ledger.forEach((entry, i) => {
      const want = delays[i] as number;
      // Timers never fire early (allow 1 ms of rounding); a loaded machine may run late.
      expect(entry.duration_ms).toBeGreaterThanOrEqual(want - 1);
      expect(entry.duration_ms).toBeLessThan(want + 150);
    });
  });

  it("jitter never makes a delay negative and does not shift other faults' dice", () => {
    expect(jitteredDelay(10, 30, 0)).toBe(0);
    expect(jitteredDelay(10, 30, 0.999999)).toBe(40);
    expect(jitteredDelay(10, 0, 0.3)).toBe(10);
    const flaky: FaultSpec = { path: "^/a$", status: 502, probability: 0.3 };
    const alone = replica(7, [flaky], 50, "GET", "/a").map(Boolean);
    const registry = new FaultRegistry(7, () => 0);
    registry.add({ path: "^/b$", delay_ms: 10, jitter_ms: 30 });
    registry.add(flaky);
    const mixed: boolean[] = [];
    for (let i = 0; i < 50; i++) {
      const b = registry.match("GET", "/b");
      expect(b?.delayMs).toBeGreaterThanOrEqual(0);
      mixed.push(Boolean(registry.match("GET", "/a")));
    }
    expect(mixed).toEqual(alone);
  });

  it("`times` fails exactly that many calls; 429s carry Retry-After; hang never answers", async () => {
    const { api } = await start({});
    await api.admin("POST", "/faults", { path: "^/self$", status: 503, times: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.get("/self")).status);
    expect(statuses).toEqual([503, 503, 503, 200, 200]);

    await api.admin("POST", "/faults", {
      method: "GET",
      path: "^/self/usage$",
      status: 429,
      retry_after_s: 3,
      times: 1,
    });
    const throttled = await api.get("/self/usage");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.body.detail).toMatch(/^Too Many Request/);

    await api.admin("POST", "/faults", { path: "^/orgs/", hang: true, times: 1 });
    const started = performance.now();
    await expect(api.get("/orgs/x/sites", { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect((await api.get("/self")).status).toBe(200);
  });

  it("loads startup faults from a JSON file and reinstalls them on reset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mist-sim-faults-"));
    const file = join(dir, "faults.json");
    writeFileSync(
      file,
      JSON.stringify([
        { path: "^/self$", status: 502, times: 1 },
        { path: "^/nothing$", hang: true },
      ]),
    );
    const { api } = await start({ faults: loadFaultsFile(file) });
    expect((await api.admin("GET", "/faults")).body).toHaveLength(2);
    expect((await api.get("/self")).status).toBe(502);
    expect((await api.get("/self")).status).toBe(200);
    await api.admin("POST", "/reset");
    const [again] = (await api.admin("GET", "/faults")).body;
    expect(again).toMatchObject({ status: 502, fired: 0, remaining: 1 });
    expect((await api.get("/self")).status).toBe(502);
    await api.admin("DELETE", "/faults");
    expect((await api.get("/self")).status).toBe(200);

    writeFileSync(file, JSON.stringify([{ path: "^/self$" }, { path: "x", status: 200 }]));
    expect(() => loadFaultsFile(file)).toThrow(/invalid faults .*faults\.json[\s\S]*\[1\]\.status/);
    writeFileSync(file, "{oops");
    expect(() => loadFaultsFile(file)).toThrow(/cannot read faults file/);
    expect(() => parseFaults({ path: "x" })).toThrow(/invalid faults/);
  });
});
