import { BlueprintCatalog, fromBlueprint } from "@mistflow/blueprints";
import { producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { Blueprint, type BlueprintInput, type DeploymentView } from "@mistflow/contracts";
import { BlueprintRegistry, DeploymentStore } from "@mistflow/deployments";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp } from "../test-support/test-app";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const v1: BlueprintInput = {
  name: "branch",
  version: 1,
  switch_template: { name: "Branch SW", port_usages: { access: { mode: "access", vlan_id: 10 } } },
};
const catalogOf = (input: BlueprintInput) =>
  BlueprintCatalog.of(fromBlueprint(Blueprint.parse(input), "branch.yaml"));
const request = (site: string, extra: Record<string, unknown> = {}) => ({
  org_id: ORG,
  site: { name: site, address: "1 Main St", timezone: "Europe/Paris", country_code: "fr", region: "NA-EAST" },
  blueprint: "branch",
  ...extra,
});

describe("blueprint versions at the API", () => {
  const prefix = uniquePrefix("bpapi");
  let redis: RedisClient;
  let flows: FlowProducer;
  let registry: BlueprintRegistry;
  const appWith = (input: BlueprintInput) =>
    testApp(redis, flows, prefix, { catalog: catalogOf(input), registry });
  const post = (app: ReturnType<typeof appWith>, body: unknown) =>
    app.request("/v1/deployments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    registry = new BlueprintRegistry(redis, prefix);
  });
  afterAll(async () => {
    await flows.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("registers the catalog's version on first use and lists it", async () => {
    const app = appWith(v1);
    const res = await app.request("/v1/blueprints");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { name: "branch", latest_version: 1, versions: 1, sites_by_version: {} },
    ]);
    expect((await app.request("/v1/blueprints/nope")).status).toBe(404);
  });

  it("deploys the newest version unless one is pinned, and names an unknown pin", async () => {
    const app = appWith({
      ...v1,
      version: 2,
      switch_template: { name: "Branch SW", port_usages: { access: { mode: "access", vlan_id: 20 } } },
    });
    const newest = await post(app, request("Store 1"));
    expect(newest.status).toBe(202);
    const view = (await newest.json()) as DeploymentView;
    expect(view.blueprint.version).toBe(2);
    // The deployment runs the effective v2: its changed switch template is a copy beside v1's.
    const snapshot = await new DeploymentStore(redis, prefix).loadBlueprint(view.blueprint.digest);
    expect(JSON.parse(snapshot ?? "{}").switch_template.name).toBe("Branch SW v2");

    const pinned = await post(app, request("Store 2", { blueprint_version: 1 }));
    expect(pinned.status).toBe(202);
    expect(((await pinned.json()) as DeploymentView).blueprint.version).toBe(1);

    const unknown = await post(app, request("Store 3", { blueprint_version: 9 }));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      issues: [{ field: "blueprint_version", message: "blueprint branch has no version 9 (known: 1, 2)" }],
    });

    const detail = await (await app.request("/v1/blueprints/branch")).json();
    expect(detail).toMatchObject({
      name: "branch",
      latest_version: 2,
      versions: [
        { version: 1, objects: { switch_template: "Branch SW" }, sites: [] },
        { version: 2, objects: { switch_template: "Branch SW v2" }, sites: [] },
      ],
    });
  });

  it("answers 409 for a blueprint file edited without a version bump, and enqueues nothing", async () => {
    const app = appWith({ ...v1, description: "edited in place" });
    const res = await post(app, request("Store 4"));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: "blueprint_version_conflict",
      message: expect.stringMatching(
        /version 1 is already registered with different content .*bump its version/,
      ),
    });
    expect((await app.request("/v1/blueprints")).status).toBe(409);
    expect(await redis.keys(`${prefix}:dep:*`)).toHaveLength(2);
  });
});
