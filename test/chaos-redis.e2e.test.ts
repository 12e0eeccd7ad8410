import { IntakeClient } from "@mistflow/cli";
import type { DeploymentView } from "@mistflow/contracts";
import { type LocalStack, startLocalStack } from "@mistflow/process-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { OwnRedis } from "./support/own-redis";
import { SimAdmin } from "./support/sim-admin";
import { DEMO_ORG } from "./support/test-stack";

describe("chaos: Redis restarted in the middle of a batch", () => {
  let redis: OwnRedis;
  let stack: LocalStack;
  let api: IntakeClient;
  let sim: SimAdmin;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    stack = await startLocalStack({
      redisUrl: redis.url,
      prefix: "{chaos-redis}",
      board: { username: "admin", password: "chaos-password-1" },
      // Jobs whose locks the outage swallowed are found by the stalled check after their lock
      // expires; short ones keep the suite short without changing what it proves.
      workerEnv: {
        MIST_RATE_BUDGET: "1000000",
        MIST_RATE_BURST: "100000",
        WORKER_LOCK_MS: "5000",
        WORKER_STALLED_INTERVAL_MS: "2000",
      },
      intakeEnv: { STEP_ATTEMPTS: "5", STEP_BACKOFF_MS: "500" },
    });
    api = new IntakeClient(stack.apiUrl);
    sim = new SimAdmin(stack.simUrl);
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.destroy();
  });

  it("answers 503 while Redis is down, recovers without restarts, and loses or repeats nothing", async () => {
    // Slow Mist so the batch is mid-flight when Redis goes away.
    await sim.addFault({ path: "^/(orgs|sites)/", delay_ms: 150 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await api.submit(extraSite(`RB-06${i} Redis`))).id);
    // Redis goes away once the batch is under way: some step of it has finished.
    const underWay = Date.now() + 20_000;
    let before = await Promise.all(ids.map((id) => api.get(id)));
    while (!before.some((v) => Object.values(v.steps).some((s) => s.state === "succeeded"))) {
      if (Date.now() > underWay) throw new Error("the batch never got under way");
      await new Promise((r) => setTimeout(r, 100));
      before = await Promise.all(ids.map((id) => api.get(id)));
    }
    expect(
      before.some((v) => v.status !== "succeeded"),
      "the batch is still in flight",
    ).toBe(true);

    await redis.down();
    const started = Date.now();
    const rejected = await fetch(`${stack.apiUrl}/v1/deployments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(extraSite("RB-0699 During outage")),
    });
    expect(rejected.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await fetch(`${stack.apiUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);
    // Not a synchronisation: the outage lasts 2 s, so every worker's connection sees it.
    await new Promise((r) => setTimeout(r, 2_000));

    await redis.up();
    await sim.clearFaults();
    // The API comes back by itself: the same client retries until Redis answers again.
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${stack.apiUrl}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error("API did not recover");
      await new Promise((r) => setTimeout(r, 200));
    }
    const late = await api.submit(extraSite("RB-0699 During outage"));
    expect(late.status).toBe(202);
    ids.push(late.id);

    const waitUntil = Date.now() + 120_000;
    let views: DeploymentView[] = [];
    for (;;) {
      views = await Promise.all(ids.map((id) => api.get(id)));
      if (views.every((v) => v.status === "succeeded" || v.status === "failed")) break;
      if (Date.now() > waitUntil) throw new Error(`not finished: ${views.map((v) => v.status).join(",")}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(views.map((v) => v.status)).toEqual(ids.map(() => "succeeded"));
    const counts = await sim.counts(DEMO_ORG);
    expect(counts.sites).toBe(7);
    expect(counts.services).toBe(2);
    expect(counts.wlans).toBe(3);
    // Every worker process is still the one started at the beginning.
    for (const svc of stack.services) expect(svc.child.exitCode, svc.name).toBeNull();
  });
});
