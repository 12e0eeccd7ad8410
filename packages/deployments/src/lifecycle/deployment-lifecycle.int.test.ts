import { DeploymentRequest } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentIdFor } from "../deployment-id";
import { DeploymentStore } from "../store";
import { DeploymentLifecycle } from "./deployment-lifecycle";

const request = DeploymentRequest.parse({
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  site: { name: "Store 1", address: "1 Main St", timezone: "UTC", country_code: "us", region: "NA-EAST" },
  blueprint: "retail-branch",
});

describe("DeploymentLifecycle", () => {
  const prefix = uniquePrefix("lifecycle");
  let redis: Redis;
  let store: DeploymentStore;
  let lifecycle: DeploymentLifecycle;
  const create = async (key: string) => {
    const id = deploymentIdFor(request.org_id, key);
    await store.create({
      id,
      idempotencyKey: key,
      requestDigest: "d",
      request,
      blueprint: { name: "b", version: 1, digest: "x" },
    });
    await store.markEnqueued(id);
    return id;
  };

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    store = new DeploymentStore(redis, prefix);
    lifecycle = new DeploymentLifecycle(redis, store);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("resets a failed deployment's unfinished steps and keeps the succeeded ones", async () => {
    const id = await create("retry-1");
    expect(await lifecycle.resetForRetry(id)).toBe("not_failed");
    await store.stepStarted(id, "s01", 1);
    await store.stepSucceeded(id, "s01", { site_id: "site-1" }, "done");
    await store.stepStarted(id, "s09", 1);
    await store.stepStarted(id, "s03", 1);
    await store.stepFailed(id, "s09", { message: "boom", permanent: true });
    expect(await lifecycle.resetForRetry(id), "s03 is still in flight").toBe("steps_running");
    await store.stepSucceeded(id, "s03", {});
    const before = await store.get(id);

    expect(await lifecycle.resetForRetry(id)).toBe("reset");
    const after = await store.get(id);
    expect(after.status).toBe("queued");
    expect(after.error).toBeUndefined();
    expect(after.finished_at).toBeUndefined();
    expect(after.steps.s01).toEqual(before.steps.s01);
    expect(after.steps.s03).toEqual(before.steps.s03);
    expect(after.steps.s09).toEqual({ state: "pending", attempts: 0, mist_ids: {} });
    expect(after.steps.final.state).toBe("pending");
    expect(await redis.hget(store.key(id), "enqueued")).toBe("0");
    // A reset whose flow never got enqueued can be resumed by the next retry.
    expect(await lifecycle.resetForRetry(id)).toBe("reset");
    await store.markEnqueued(id);
    expect(await lifecycle.resetForRetry(id)).toBe("not_failed");
    expect(await redis.hget(store.key(id), "retries")).toBe("1");
  });

  it("cancels a running deployment: pending steps cancelled, a running step left to finish", async () => {
    const id = await create("cancel-1");
    await store.stepStarted(id, "s01", 1);
    expect(await lifecycle.cancel(id)).toBe("cancelled");
    const view = await store.get(id);
    expect(view.status).toBe("cancelled");
    expect(view.steps.s01.state).toBe("running");
    expect(view.steps.s02).toMatchObject({
      state: "cancelled",
      note: "not run: the deployment was cancelled",
    });
    expect(await lifecycle.cancel(id)).toBe("already_ended");
    expect(await lifecycle.cancel("dep-000000000000000000000000")).toBe("not_found");
  });

  it("keeps a cancelled deployment cancelled when the step in flight then fails or the root runs", async () => {
    const id = await create("cancel-2");
    await store.stepStarted(id, "s03", 1);
    expect(await lifecycle.cancel(id)).toBe("cancelled");
    await store.stepFailed(id, "s03", { message: "Mist said no", permanent: true });
    const view = await store.get(id);
    expect(view.status).toBe("cancelled");
    expect(view.steps.s03.state).toBe("failed");
    expect(await store.succeed(id)).toBe(false);
    expect((await store.get(id)).status).toBe("cancelled");
  });

  it("lets one operator action run at a time per deployment", async () => {
    const id = await create("lock-1");
    let inner: string | undefined = "unset";
    const outer = await lifecycle.withLock(id, async () => {
      inner = await lifecycle.withLock(id, async () => "second");
      return "first";
    });
    expect([outer, inner]).toEqual(["first", undefined]);
    expect(await lifecycle.withLock(id, async () => "again")).toBe("again");
  });
});
