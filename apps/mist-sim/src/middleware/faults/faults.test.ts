import { afterEach, describe, expect, it } from "vitest";
import { startSim } from "../../app/start-sim";
import { DEFAULT_ORG_ID } from "../../seed/default-seed";
import { SimClient } from "../../test-support/sim-client";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("fault injection", () => {
  const ctx = useSim();
  afterEach(async () => {
    await ctx.api.admin("DELETE", "/faults");
  });

  it("fails the next `times` matching requests, then answers normally", async () => {
    const added = await ctx.api.admin("POST", "/faults", {
      method: "post",
      path: "^/orgs/[^/]+/rftemplates$",
      status: 503,
      times: 2,
    });
    expect(added.status).toBe(200);
    expect(added.body.id).toEqual(expect.any(String));
    expect((await ctx.api.get(`${ORG}/rftemplates`)).status).toBe(200); // GET does not match
    const first = await ctx.api.post(`${ORG}/rftemplates`, { name: "rf" });
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ detail: "Service temporarily unavailable, try again later." });
    expect((await ctx.api.post(`${ORG}/rftemplates`, { name: "rf" })).status).toBe(503);
    expect((await ctx.api.post(`${ORG}/rftemplates`, { name: "rf" })).status).toBe(200);
    const [listed] = (await ctx.api.admin("GET", "/faults")).body;
    expect(listed).toMatchObject({ id: added.body.id, fired: 2, remaining: 0, status: 503, method: "POST" });
    // Nothing was created by the failed calls.
    expect((await ctx.api.get(`${ORG}/rftemplates`)).body).toHaveLength(1);
  });

  it("records injected statuses in the ledger", async () => {
    await ctx.api.admin("POST", "/faults", { path: "^/self$", status: 500, detail: "boom" });
    const res = await ctx.api.get("/self");
    expect(res.body).toEqual({ detail: "boom" });
    const ledger = (await ctx.api.admin("GET", "/ledger")).body;
    expect(ledger.at(-1)).toMatchObject({ path: "/api/v1/self", status: 500, token_alias: "demo" });
  });

  it("sends Retry-After on injected 429s", async () => {
    await ctx.api.admin("POST", "/faults", { path: "^/self$", status: 429, retry_after_s: 7, times: 1 });
    const res = await ctx.api.get("/self");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.body.detail).toMatch(/^Too Many Request/);
    await ctx.api.admin("POST", "/faults", { path: "^/self$", status: 429, times: 1 });
    expect((await ctx.api.get("/self")).headers.get("retry-after")).toBe("1");
    // Injected 429s are not counted against the budget either.
    expect((await ctx.api.get("/self/usage")).body.requests).toBe(1);
  });

  it("delays without failing when only delay_ms is given", async () => {
    await ctx.api.admin("POST", "/faults", { path: "^/self$", delay_ms: 150 });
    const started = performance.now();
    const res = await ctx.api.get("/self");
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const [entry] = (await ctx.api.admin("GET", "/ledger")).body;
    expect(entry.duration_ms).toBeGreaterThanOrEqual(140);
  });

  it("hangs until the client gives up, and records 499", async () => {
    await ctx.api.admin("POST", "/faults", { path: "^/self$", hang: true, times: 1 });
    await expect(ctx.api.get("/self", { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    let entry: { status: number } | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      entry = (await ctx.api.admin("GET", "/ledger?token=demo")).body.find(
        (e: { path: string }) => e.path === "/api/v1/self",
      );
      if (!entry) await new Promise((r) => setTimeout(r, 20));
    }
    expect(entry?.status).toBe(499);
    expect((await ctx.api.get("/self")).status).toBe(200);
  });

  it("validates fault definitions and deletes them by id", async () => {
    expect((await ctx.api.admin("POST", "/faults", { path: "([" })).body.detail).toBe("invalid field: path");
    expect((await ctx.api.admin("POST", "/faults", { path: "x", stauts: 500 })).body.detail).toBe(
      "invalid field: stauts",
    );
    const { id } = (await ctx.api.admin("POST", "/faults", { path: "^/self$" })).body;
    expect((await ctx.api.get("/self")).status).toBe(500);
    expect((await ctx.api.admin("DELETE", `/faults/${id}`)).status).toBe(200);
    expect((await ctx.api.admin("DELETE", `/faults/${id}`)).status).toBe(404);
    expect((await ctx.api.get("/self")).status).toBe(200);
  });
});

describe("probabilistic faults", () => {
  const sims: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  async function pattern(faultSeed: number): Promise<number[]> {
    const sim = await startSim({ faultSeed });
    sims.push(sim);
    const api = new SimClient(sim.url);
    await api.admin("POST", "/faults", { path: "^/self$", status: 502, probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await api.get("/self")).status);
    return statuses;
  }

  it("fail the same requests for the same faultSeed", async () => {
    const a = await pattern(42);
    const b = await pattern(42);
    const c = await pattern(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(502);
    expect(a).toContain(200);
  });
});
