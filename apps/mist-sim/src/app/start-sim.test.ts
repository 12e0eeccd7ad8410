import { describe, expect, it } from "vitest";
import { DEFAULT_TOKEN } from "../seed/default-seed";
import { createSimApp } from "./create-sim-app";
import { startSim } from "./start-sim";

describe("startSim", () => {
  it("listens on a free port and reports a base URL without /api/v1", async () => {
    const sim = await startSim();
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${sim.url}/api/v1/self`, {
        headers: { Authorization: `Token ${DEFAULT_TOKEN}` },
      });
      expect(res.status).toBe(200);
      expect((await fetch(`${sim.url}/nothing-here`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });

  it("closes promptly even with a hung request in flight", async () => {
    const sim = await startSim();
    await fetch(`${sim.url}/__sim/faults`, {
      method: "POST",
      body: JSON.stringify({ path: "^/self$", hang: true }),
    });
    const hung = fetch(`${sim.url}/api/v1/self`, { headers: { Authorization: `Token ${DEFAULT_TOKEN}` } });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    await sim.close(); // idempotent
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(hung).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const first = await startSim();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startSim({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe("createSimApp", () => {
  it("serves in-process through app.request without a socket", async () => {
    const { app, state } = createSimApp();
    const res = await app.request("/api/v1/self", { headers: { Authorization: `Token ${DEFAULT_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(state.ledger.list()).toHaveLength(1);
  });

  it("validates options", () => {
    expect(() => createSimApp({ rateLimit: { perWindow: 0, windowMs: 1000 } })).toThrow(RangeError);
    expect(() => createSimApp({ seed: { orgs: [], tokens: [], inventory: {} } })).toThrow(/invalid seed/);
    expect(() => createSimApp({ upgradePhaseMs: 0 })).toThrow(RangeError);
    expect(() => createSimApp({ faults: [{ path: "^/self$", status: 200 }] })).toThrow(/SimOptions\.faults/);
  });

  it("installs SimOptions.faults at startup", async () => {
    const { app, state } = createSimApp({ faults: [{ path: "^/self$", status: 503, times: 1 }] });
    const headers = { Authorization: `Token ${DEFAULT_TOKEN}` };
    expect((await app.request("/api/v1/self", { headers })).status).toBe(503);
    expect((await app.request("/api/v1/self", { headers })).status).toBe(200);
    expect(state.faults.list()).toHaveLength(1);
  });
});
