import {
  type DecommissionPlan,
  DeploymentRequest,
  type StoredDecommissionRequest,
} from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentIdFor, requestDigest } from "../deployment-id";
import { DeploymentStore, isSiteTearingDownError } from "../store";
import { DecommissionStore, isDecommissionNotFoundError, newDecommissionId } from "./decommission-store";

const SITE = "5a1b2c3d-0000-4000-8000-000000000001";
const request: StoredDecommissionRequest = {
  release_devices: false,
  delete_site: true,
  quarantine_seconds: 60,
};
const plan: DecommissionPlan = {
  site_id: SITE,
  site_name: "Store 1",
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  deployment_id: "dep-1",
  actions: [],
  writes: 0,
};

describe("DecommissionStore", () => {
  const prefix = uniquePrefix("dcm");
  let redis: Redis;
  let store: DecommissionStore;
  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    store = new DecommissionStore(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  const create = (id = newDecommissionId(), site = SITE, name = "Store 1") =>
    store.create({
      id,
      site_id: site,
      site_name: "Store 1",
      org_id: plan.org_id,
      deployment_id: "dep-1",
      deployment_site_name: name,
      request,
      plan,
    });

  it("holds one unfinished decommission per site, and lets the next one start once it succeeded", async () => {
    const first = await create();
    if (first.status !== "created") throw new Error("not created");
    expect(first.view).toMatchObject({ status: "queued", generation: 0, site_id: SITE });
    expect(Object.values(first.view.steps).every((s) => s.state === "pending")).toBe(true);
    expect(await create()).toEqual({ status: "busy", active_id: first.view.id });
    expect(await store.activeFor(SITE)).toBe(first.view.id);

    const id = first.view.id;
    expect(await store.write(id, 0, { status: "running" })).toBe(true);
    expect(await store.succeed(id, 0, SITE, { state: "succeeded", attempts: 1 })).toBe(true);
    expect((await store.get(id)).status).toBe("succeeded");
    expect(await store.activeFor(SITE)).toBeNull();
    // An ended record takes no more writes, from any generation.
    expect(await store.write(id, 0, { status: "running" })).toBe(false);
    expect((await create()).status).toBe("created");
  });

  it("resumes a failed one as the next generation; the old generation's jobs can no longer write", async () => {
    const made = await create(newDecommissionId(), "5a1b2c3d-0000-4000-8000-000000000002");
    if (made.status !== "created") throw new Error("not created");
    const id = made.view.id;
    expect(await store.resume(id)).toBeUndefined();
    await store.write(
      id,
      0,
      { status: "running" },
      { id: "unbind", status: { state: "succeeded", attempts: 1 } },
    );
    expect(
      await store.fail(id, 0, "unassign_devices", { state: "running", attempts: 5 }, "Mist said no"),
    ).toBe(true);
    const failed = await store.get(id);
    expect(failed).toMatchObject({
      status: "failed",
      error: { step: "unassign_devices", message: "Mist said no" },
    });
    expect(await store.isEnqueued(id, 0)).toBe(false);
    await store.markEnqueued(id, 0);
    expect(await store.isEnqueued(id, 0)).toBe(true);

    expect(await store.resume(id)).toBe(1);
    const resumed = await store.get(id);
    expect(resumed).toMatchObject({ status: "queued", generation: 1 });
    expect(resumed.error).toBeUndefined();
    expect(resumed.steps.unbind.state).toBe("succeeded");
    expect(await store.isEnqueued(id, 1)).toBe(false);
    expect(await store.write(id, 0, { status: "running" })).toBe(false);
    expect(await store.write(id, 1, { status: "running" })).toBe(true);
  });

  it("keeps new deployments of the site's name out until the site is torn down", async () => {
    const deployments = new DeploymentStore(redis, prefix);
    const deployment = (key: string) => {
      const req = DeploymentRequest.parse({
        org_id: plan.org_id,
        site: {
          name: "CLOSING store",
          address: "1 Main St",
          timezone: "UTC",
          country_code: "us",
          region: "NA-EAST",
        },
        blueprint: "retail-branch",
      });
      return deployments.create({
        id: deploymentIdFor(plan.org_id, key),
        idempotencyKey: key,
        requestDigest: requestDigest(req),
        request: req,
        blueprint: { name: "retail-branch", version: 1, digest: "abc" },
      });
    };
    const made = await create(newDecommissionId(), "5a1b2c3d-0000-4000-8000-000000000003", "Closing Store");
    if (made.status !== "created") throw new Error("not created");
    const refused = await deployment("k1").catch((e: unknown) => e);
    expect(isSiteTearingDownError(refused)).toBe(true);
    expect(await deployments.exists(deploymentIdFor(plan.org_id, "k1"))).toBe(false);
    await store.endTeardown(made.view.id);
    expect((await deployment("k1")).created).toBe(true);
  });

  it("says which id it does not know", async () => {
    const e = await store.get("dcm-000000000000000000000000").catch((x: unknown) => x);
    expect(isDecommissionNotFoundError(e)).toBe(true);
  });
});
