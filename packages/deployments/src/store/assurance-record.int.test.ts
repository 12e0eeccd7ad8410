import { type AssuranceReport, DeploymentRequest } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentIdFor, requestDigest } from "../deployment-id";
import { DeploymentStore } from "./deployment-store";

const request = DeploymentRequest.parse({
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  site: { name: "Store A", address: "1 Main St", timezone: "UTC", country_code: "us", region: "NA-EAST" },
  blueprint: "retail-branch",
});

const report = (verdict: AssuranceReport["verdict"]): AssuranceReport => ({
  verdict,
  metrics: [
    { metric: "coverage", value: 0.4, threshold: 0.9, verdict: "fail" },
    { metric: "roaming", threshold: 0.9, verdict: "no_data" },
  ],
  window_started_at: "2030-01-01T00:00:00.000Z",
  window_ends_at: "2030-01-01T00:30:00.000Z",
  polls: 3,
});

describe("DeploymentStore: the assurance step", () => {
  const prefix = uniquePrefix("deps-assure");
  let redis: Redis;
  let store: DeploymentStore;
  const create = (key: string, skipped?: { assure: string }) =>
    store.create({
      id: deploymentIdFor(request.org_id, key),
      idempotencyKey: key,
      requestDigest: requestDigest(request),
      request,
      blueprint: { name: "retail-branch", version: 1, digest: "abc" },
      ...(skipped ? { skipped } : {}),
    });

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    store = new DeploymentStore(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("records a step the deployment does not have as skipped, and a failure elsewhere leaves it so", async () => {
    const { view } = await create("k-skip", { assure: "assurance off: no devices" });
    expect(view.steps.assure).toEqual({
      state: "skipped",
      attempts: 0,
      mist_ids: {},
      note: "assurance off: no devices",
    });
    expect((await store.get(view.id)).steps.assure.state).toBe("skipped");
    await store.stepFailed(view.id, "s03", { message: "boom", permanent: true });
    const after = await store.get(view.id);
    expect(after.steps.assure.state).toBe("skipped");
    expect(after.steps.final.state).toBe("cancelled");
  });

  it("keeps the window across runs and ends the deployment failed_assurance with the report", async () => {
    const { view } = await create("k-fail-assure");
    await store.stepStarted(view.id, "assure", 1);
    await store.stepProgress(view.id, "assure", { assurance: report("pending") });
    // A redelivery starts the step again: the window must survive it.
    await store.stepStarted(view.id, "assure", 1);
    const running = await store.getStep(view.id, "assure");
    expect(running.state).toBe("running");
    expect(running.assurance?.window_started_at).toBe("2030-01-01T00:00:00.000Z");

    await store.stepFailed(
      view.id,
      "assure",
      { message: "SLEs below threshold: coverage 0.400 < 0.9", permanent: true },
      { status: "failed_assurance", report: report("fail") },
    );
    const ended = await store.get(view.id);
    expect(ended.status).toBe("failed_assurance");
    expect(ended.finished_at).toBeTruthy();
    expect(ended.error).toEqual({ step: "assure", message: "SLEs below threshold: coverage 0.400 < 0.9" });
    expect(ended.steps.assure.state).toBe("failed");
    expect(ended.steps.assure.assurance?.verdict).toBe("fail");
    expect(ended.steps.assure.assurance?.metrics[0]).toEqual({
      metric: "coverage",
      value: 0.4,
      threshold: 0.9,
      verdict: "fail",
    });
    // The root job may still try to complete it: a failed assurance stays failed.
    expect(await store.succeed(view.id)).toBe(false);
    expect(await store.status(view.id)).toBe("failed_assurance");
  });

  it("stores the passing report with the step's success", async () => {
    const { view } = await create("k-pass");
    await store.stepStarted(view.id, "assure", 1);
    await store.stepSucceeded(view.id, "assure", { site_id: "s" }, "SLEs pass", {
      assurance: report("pass"),
    });
    const step = await store.getStep(view.id, "assure");
    expect(step).toMatchObject({ state: "succeeded", note: "SLEs pass", mist_ids: { site_id: "s" } });
    expect(step.assurance?.verdict).toBe("pass");
  });
});
