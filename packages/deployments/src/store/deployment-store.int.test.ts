import { DeploymentRequest } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentIdFor, naturalIdempotencyKey, requestDigest } from "../deployment-id";
import { DeploymentStore, isDeploymentNotFoundError } from "./deployment-store";

const request = DeploymentRequest.parse({
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  site: {
    name: "Store 1",
    address: "1 Main St",
    timezone: "America/New_York",
    country_code: "us",
    region: "NA-EAST",
  },
  blueprint: "retail-branch",
});

describe("DeploymentStore", () => {
  const prefix = uniquePrefix("deps");
  let redis: Redis;
  let store: DeploymentStore;
  const newDeployment = (key: string) => ({
    id: deploymentIdFor(request.org_id, key),
    idempotencyKey: key,
    requestDigest: requestDigest(request),
    request,
    blueprint: { name: "retail-branch", version: 1, digest: "abc" },
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

  it("creates once per idempotency key and reports the existing record afterwards", async () => {
    const key = naturalIdempotencyKey(request);
    const first = await store.create(newDeployment(key));
    expect(first.created).toBe(true);
    expect(first.view.status).toBe("queued");
    expect(Object.values(first.view.steps).every((s) => s.state === "pending")).toBe(true);
    const again = await store.create(newDeployment(key));
    expect(again.created).toBe(false);
    expect(again.view.id).toBe(first.view.id);
    expect(again.created === false && again.enqueued).toBe(false);
    await store.markEnqueued(first.view.id);
    const third = await store.create(newDeployment(key));
    expect(third.created === false && third.enqueued).toBe(true);
  });

  it("moves to running when a step starts and records ids on success", async () => {
    const { view } = await store.create(newDeployment("k-run"));
    await store.stepStarted(view.id, "s01", 1);
    expect((await store.get(view.id)).status).toBe("running");
    await store.stepSucceeded(view.id, "s01", { site_id: "x" });
    const step = await store.getStep(view.id, "s01");
    expect(step).toMatchObject({ state: "succeeded", attempts: 1, mist_ids: { site_id: "x" } });
    expect(step.started_at && step.finished_at).toBeTruthy();
  });

  it("fails the deployment with the step's error and cancels pending steps", async () => {
    const { view } = await store.create(newDeployment("k-fail"));
    await store.stepStarted(view.id, "s03", 1);
    await store.stepStarted(view.id, "s04", 1);
    await store.stepFailed(view.id, "s03", {
      message: "Mist said no",
      status: 400,
      detail: "no",
      permanent: true,
    });
    const failed = await store.get(view.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toEqual({ step: "s03", message: "Mist said no" });
    expect(failed.steps.s03.state).toBe("failed");
    expect(failed.steps.s04.state).toBe("running");
    expect(failed.steps.s05.state).toBe("cancelled");
    expect(await store.succeed(view.id)).toBe(false);
    expect((await store.get(view.id)).status).toBe("failed");
  });

  it("keeps concurrent step updates from different processes", async () => {
    const { view } = await store.create(newDeployment("k-conc"));
    const other = new Redis(inject("redisUrl"));
    const otherStore = new DeploymentStore(other, prefix);
    await Promise.all([
      store.stepSucceeded(view.id, "s03", { a: "1" }),
      otherStore.stepSucceeded(view.id, "s04", { b: "2" }),
      store.stepSucceeded(view.id, "s08", { c: "3" }),
    ]);
    const v = await store.get(view.id);
    expect([v.steps.s03.state, v.steps.s04.state, v.steps.s08.state]).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    await other.quit();
  });

  it("runs a step in three round trips: one read, one compare-and-set per transition", async () => {
    const { view } = await store.create(newDeployment("k-trips"));
    const sent: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string }) => {
      sent.push(command.name);
      return send(command as Parameters<typeof send>[0]);
    }) as typeof redis.sendCommand;
    try {
      const record = await store.readForStep(view.id, "s03");
      expect(record.view).toEqual(await store.get(view.id));
      sent.length = 0;
      await store.stepStarted(view.id, "s03", 1);
      await store.stepSucceeded(view.id, "s03", { services: ["a", "b"] }, "2 applications");
      // ioredis falls back from EVALSHA to EVAL once per script and connection.
      expect(sent.filter((n) => n !== "eval")).toEqual(["evalsha", "evalsha"]);
    } finally {
      redis.sendCommand = send;
    }
    const step = (await store.get(view.id)).steps.s03;
    expect(step).toMatchObject({ state: "succeeded", attempts: 1, note: "2 applications" });
    expect(step.mist_ids).toEqual({ services: ["a", "b"] });
    expect(step.started_at && step.finished_at).toBeTruthy();
  });

  it("recomputes a transition from the current step when another process changed it", async () => {
    const { view } = await store.create(newDeployment("k-cas"));
    const other = new Redis(inject("redisUrl"));
    const otherStore = new DeploymentStore(other, prefix);
    try {
      await store.readForStep(view.id, "s05");
      await store.stepStarted(view.id, "s05", 1);
      // A redelivery of the same job elsewhere (stalled worker) started attempt 2 meanwhile.
      await otherStore.stepStarted(view.id, "s05", 2);
      await otherStore.stepRetrying(view.id, "s05", { message: "timeout", permanent: false });
      await store.stepSucceeded(view.id, "s05", { hub: "h1" });
      const step = await store.getStep(view.id, "s05");
      expect(step).toMatchObject({ state: "succeeded", attempts: 2, mist_ids: { hub: "h1" } });
      expect(step.error).toBeUndefined();
      // The other process' memory of the step is now stale: its next transition still applies.
      await otherStore.stepCancelled(view.id, "s05", "late");
      expect((await store.getStep(view.id, "s05")).state).toBe("succeeded");
    } finally {
      await other.quit();
    }
  });

  it("records whether a caller's Mist token came with the deployment", async () => {
    const withToken = await store.create({ ...newDeployment("k-tok"), callerToken: true });
    const without = await store.create(newDeployment("k-notok"));
    expect((await store.readForStep(withToken.view.id, "s01")).callerToken).toBe(true);
    expect((await store.readForStep(without.view.id, "s01")).callerToken).toBe(false);
    await store.markCallerToken(without.view.id);
    expect((await store.readForStep(without.view.id, "s01")).callerToken).toBe(true);
    // Records written before the flag existed: unknown, so the worker still looks.
    await redis.hdel(store.key(without.view.id), "caller_token");
    expect((await store.readForStep(without.view.id, "s01")).callerToken).toBeUndefined();
  });

  it("answers not found for unknown ids", async () => {
    await expect(store.get("dep-ffffffffffffffffffffffff")).rejects.toSatisfy(isDeploymentNotFoundError);
    await expect(store.readForStep("dep-ffffffffffffffffffffffff", "s01")).rejects.toSatisfy(
      isDeploymentNotFoundError,
    );
    await expect(store.stepStarted("dep-ffffffffffffffffffffffff", "s01", 1)).rejects.toSatisfy(
      isDeploymentNotFoundError,
    );
  });
});
