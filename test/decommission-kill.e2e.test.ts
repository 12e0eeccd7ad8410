import { readFile } from "node:fs/promises";
import type { DeploymentRequest } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

/**
 * A decommission whose day2 worker process is killed (-9) while Mist deletes the site: the claim
 * needs a real process to kill, so it runs on the stack of processes. Everything else about a
 * decommission is proven in-process (`decommission.int.test.ts`).
 */

// biome-ignore lint/suspicious/noExplicitAny: API bodies are asserted field by field
type Json = any;

const siteRequest = (name: string): DeploymentRequest =>
  ({
    org_id: DEMO_ORG,
    site: { name, address: "9 Closing St", timezone: "UTC", country_code: "US", region: "LATAM" },
    blueprint: "retail-branch",
    devices: { claim_codes: ["06C9F-35WOA-XV9AD"] },
  }) as DeploymentRequest;

describe("decommission: a killed day2 worker", () => {
  let stack: TestStack;
  const api = async (method: string, path: string, body?: unknown) => {
    const auth = Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64");
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Basic ${auth}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    stack = await startTestStack("decommission-kill", {
      // A killed worker's job comes back within seconds, not the production 30 s lock.
      workerEnv: { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000", MIST_TIMEOUT_MS: "5000" },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("kill -9 of the day2 worker while Mist deletes the site: the new process finishes, deleting it once", async () => {
    const { id: deploymentId } = await stack.api.submit(siteRequest("Killed Store"));
    const [view] = await stack.waitForEnd([deploymentId], 90_000);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    const siteId = view?.steps.s01.mist_ids.site_id as string;
    const mark = (await stack.sim.ledger()).length;
    // Mist holds the delete for 2 s before it runs: the worker dies while its call is in flight.
    const slowDelete = await stack.sim.addFault({
      method: "DELETE",
      path: "^/sites/[^/]+$",
      delay_ms: 2_000,
      times: 1,
    });

    const started = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: true,
      quarantine_seconds: 0,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    await stack.sim.faultFired(slowDelete.id);
    const victim = stack.workers.get("day2");
    if (!victim) throw new Error("no day2 worker");
    await victim.stop("SIGKILL");
    const replacement = await stack.startWorker("day2", "worker-day2-after-kill");

    const deadline = Date.now() + 60_000;
    let done: Json;
    for (;;) {
      done = (await api("GET", `/v1/decommissions/${id}`)).body;
      if (done.status === "succeeded" || done.status === "failed") break;
      if (Date.now() > deadline) throw new Error(`decommission ${id} never ended: ${JSON.stringify(done)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(Object.values(done.steps).every((s) => (s as Json).state === "succeeded")).toBe(true);

    // The killed process never finished deleting the site; the new one did.
    const deleteDone = (l: string) =>
      l.includes(id) && l.includes('"step":"delete_site"') && l.includes("decommission step succeeded");
    expect((await readFile(victim.logFile, "utf8")).split("\n").some(deleteDone)).toBe(false);
    expect((await readFile(replacement.logFile, "utf8")).split("\n").some(deleteDone)).toBe(true);
    // Mist: the site is gone, deleted once, and nothing else was deleted.
    expect((await stack.sim.objects(DEMO_ORG, "sites")).find((s) => s.id === siteId)).toBeUndefined();
    const deletes = (await stack.sim.ledger()).slice(mark).filter((e) => e.method === "DELETE");
    expect(deletes.filter((e) => e.status === 200)).toHaveLength(1);
    expect(deletes.every((e) => e.path.endsWith(`/sites/${siteId}`))).toBe(true);
    expect((await stack.api.get(deploymentId)).status).toBe("decommissioned");
  });
});
