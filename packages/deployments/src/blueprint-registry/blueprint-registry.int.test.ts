import { fromBlueprint } from "@mistflow/blueprints";
import { Blueprint, type BlueprintInput, DeploymentRequest, STEP_IDS } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deploymentIdFor, requestDigest } from "../deployment-id";
import { DeploymentStore } from "../store";
import { backfillBindings } from "./backfill";
import { BlueprintRegistry, isBlueprintVersionError } from "./blueprint-registry";

const v1Input: BlueprintInput = {
  name: "branch",
  version: 1,
  switch_template: { name: "Branch SW", port_usages: { access: { mode: "access", vlan_id: 10 } } },
  wlan_template: { name: "Branch WLANs" },
  wlans: [{ ssid: "Corp" }],
};
const loaded = (input: BlueprintInput) => fromBlueprint(Blueprint.parse(input), "branch.yaml");
const v1 = loaded(v1Input);
const v2 = loaded({
  ...v1Input,
  version: 2,
  wlans: [{ ssid: "Corp" }, { ssid: "Guest" }],
  switch_template: { name: "Branch SW", port_usages: { access: { mode: "access", vlan_id: 20 } } },
});

const binding = (site: string, version: number, digest: string) => ({
  org_id: "org-1",
  site_id: `site-${site}`,
  site_name: `Store ${site}`,
  blueprint: "branch",
  version,
  digest,
  bound_by: `dep-${site}`,
  bound_at: new Date().toISOString(),
});

describe("BlueprintRegistry", () => {
  const prefix = uniquePrefix("bpreg");
  let redis: Redis;
  let registry: BlueprintRegistry;

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    registry = new BlueprintRegistry(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("registers the first version as written, and again as a no-op", async () => {
    const first = await registry.register(v1);
    expect(first.ref).toEqual(v1.ref);
    expect((await registry.register(v1)).ref).toEqual(v1.ref);
    expect(await registry.versions("branch")).toHaveLength(1);
  });

  it("registers a new version whose changed templates are versioned copies, readable by digest", async () => {
    const second = await registry.register(v2);
    expect(second.ref.version).toBe(2);
    expect(second.ref.digest).not.toBe(v2.ref.digest);
    expect(second.blueprint.switch_template?.name).toBe("Branch SW v2");
    expect(second.blueprint.site_group).toBe("mistflow-branch v2");
    // Workers load a deployment's blueprint from the deployment store by digest.
    const snapshot = await new DeploymentStore(redis, prefix).loadBlueprint(second.ref.digest);
    expect(JSON.parse(snapshot ?? "null")).toEqual(second.blueprint);

    expect((await registry.resolve("branch"))?.ref).toEqual(second.ref);
    expect((await registry.resolve("branch", 1))?.ref).toEqual(v1.ref);
    expect(await registry.resolve("branch", 7)).toBeUndefined();
    expect((await registry.versions("branch")).map((v) => [v.version, v.objects])).toEqual([
      [1, { switch_template: "Branch SW", wlan_template: "Branch WLANs", site_group: "mistflow-branch" }],
      [
        2,
        {
          switch_template: "Branch SW v2",
          wlan_template: "Branch WLANs v2",
          site_group: "mistflow-branch v2",
        },
      ],
    ]);
  });

  it("refuses other content under a registered number, and a number below the newest", async () => {
    const edited = loaded({ ...v1Input, description: "edited without a bump" });
    const err = await registry.register(edited).catch((e: unknown) => e);
    expect(isBlueprintVersionError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /branch.yaml: blueprint branch version 1 is already registered .*bump/,
    );
    const stale = loaded({ ...v1Input, version: 1, name: "branch" });
    expect((await registry.register(stale)).ref.version).toBe(1);

    const other = loaded({ ...v1Input, name: "kiosk", version: 3 });
    await registry.register(other);
    const older = await registry.register(loaded({ ...v1Input, name: "kiosk", version: 2 })).catch((e) => e);
    expect((older as Error).message).toMatch(/version 2 is older than its newest registered version 3/);
  });

  it("records each site's binding, moves a site between blueprints, and forgets it on unbind", async () => {
    const second = await registry.resolve("branch", 2);
    await registry.bind(binding("1", 1, v1.ref.digest));
    await registry.bind(binding("2", 1, v1.ref.digest));
    await registry.bind(binding("3", 2, second?.ref.digest ?? ""));
    const detail = await registry.detail("branch");
    expect(detail?.latest_version).toBe(2);
    expect(detail?.versions.map((v) => v.sites.map((s) => s.site_name))).toEqual([
      ["Store 1", "Store 2"],
      ["Store 3"],
    ]);

    // Store 2 redeployed under the kiosk blueprint leaves branch.
    await registry.bind({ ...binding("2", 3, "x"), blueprint: "kiosk" });
    expect((await registry.bindings("branch")).map((s) => s.site_id)).toEqual(["site-1", "site-3"]);
    expect((await registry.binding("site-2"))?.blueprint).toBe("kiosk");

    await registry.unbind("site-1");
    expect(await registry.binding("site-1")).toBeUndefined();
    expect(await registry.summaries()).toEqual([
      { name: "branch", latest_version: 2, versions: 2, sites_by_version: { 2: 1 } },
      { name: "kiosk", latest_version: 3, versions: 1, sites_by_version: { 3: 1 } },
    ]);
    expect(await registry.detail("nope")).toBeUndefined();
  });

  it("backfills bindings of sites deployed before the registry, once, from their newest succeeded deployment", async () => {
    const own = uniquePrefix("bpreg-backfill");
    const reg = new BlueprintRegistry(redis, own);
    const store = new DeploymentStore(redis, own);
    await reg.register(v1);
    const deployed = async (
      site: string,
      key: string,
      ref: { name: string; version: number; digest: string },
      done: boolean,
    ) => {
      const request = DeploymentRequest.parse({
        org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
        site: {
          name: `Store ${site}`,
          address: "1 Main St",
          timezone: "Europe/Berlin",
          country_code: "DE",
          region: "EMEA-N",
        },
        blueprint: ref.name,
      });
      const { view } = await store.create({
        id: deploymentIdFor(request.org_id, key),
        idempotencyKey: key,
        requestDigest: requestDigest(request),
        request,
        blueprint: ref,
      });
      await store.stepSucceeded(view.id, "s01", { site_id: `site-${site}` });
      if (done) {
        for (const step of STEP_IDS) if (step !== "s01") await store.stepSucceeded(view.id, step, {});
        await store.succeed(view.id);
      }
      return view.id;
    };
    const a = await deployed("a", "k-a", v1.ref, true);
    await deployed("b", "k-b", v1.ref, false); // never bound: its deployment did not finish
    await deployed("c", "k-c", { name: "branch", version: 1, digest: "other-content" }, true);
    try {
      expect(await backfillBindings(store, reg)).toEqual({ bound: 1, skipped: 1 });
      expect(await reg.binding("site-a")).toMatchObject({
        version: 1,
        digest: v1.ref.digest,
        bound_by: a,
        deployment_id: a,
      });
      expect(await reg.binding("site-b")).toBeUndefined();
      expect(await reg.binding("site-c")).toBeUndefined();
      // Once per Redis: a second start does nothing.
      expect(await backfillBindings(store, reg)).toBeUndefined();
    } finally {
      const keys = await redis.keys(`${own}*`);
      if (keys.length) await redis.del(...keys);
    }
  });
});
