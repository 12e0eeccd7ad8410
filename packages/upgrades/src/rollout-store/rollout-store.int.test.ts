import { type RolloutPlan, RolloutRequest } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isRolloutConflictError, newRolloutId, RolloutStore } from "./rollout-store";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const { dry_run: _d, ...request } = RolloutRequest.parse({
  org_id: ORG,
  waves: [{ sites: 1 }, { percent: 100 }],
});
const plan = (blueprint: string): RolloutPlan => ({
  blueprint,
  org_id: ORG,
  target: { version: 2, digest: "d2" },
  from_versions: [1],
  objects: [],
  sites: [
    { site_id: "s1", site_name: "Shop 1", from_version: 1, wave: 1, bindings: [], missing_vars: [] },
    { site_id: "s2", site_name: "Shop 2", from_version: 1, wave: 2, bindings: [], missing_vars: [] },
  ],
  waves: [
    { wave: 1, target: "sites 1", site_ids: ["s1"] },
    { wave: 2, target: "percent 100", site_ids: ["s2"] },
  ],
  summary: { create: 0, update: 0, unchanged: 0, delete: 0, sites: 2, writes: 2 },
  notes: [],
  problems: [],
  reads: 3,
});

describe("RolloutStore", () => {
  const prefix = uniquePrefix("rollouts");
  let redis: Redis;
  let store: RolloutStore;

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    store = new RolloutStore(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("allows one rollout per blueprint and org until it ends", async () => {
    const first = newRolloutId();
    await store.create({ id: first, request, plan: plan("branch") });
    const refused = await store.create({ id: newRolloutId(), request, plan: plan("branch") }).catch((e) => e);
    expect(isRolloutConflictError(refused)).toBe(true);
    expect((refused as Error).message).toContain(first);
    // Another blueprint in the same org is independent.
    await store.create({ id: newRolloutId(), request, plan: plan("kiosk") });
    await store.transition(first, ["queued"], "aborted");
    await store.create({ id: newRolloutId(), request, plan: plan("branch") });
    expect((await store.summaries(10)).map((s) => s.blueprint).sort()).toEqual(["branch", "branch", "kiosk"]);
  });

  it("ignores writes of an older generation and of a rollout that moved on", async () => {
    const id = newRolloutId();
    await store.create({ id, request, plan: plan("guarded") });
    await store.transition(id, ["queued"], "running");
    expect(await store.write(id, 0, ["running"], store.waveFields(1, { state: "rebinding" }))).toBe("ok");
    const resumed = await store.transition(id, ["running"], "running", { bumpGeneration: true });
    expect(resumed.generation).toBe(1);
    expect(await store.write(id, 0, ["running"], store.waveFields(1, { state: "succeeded" }))).toBe(
      "moved_on",
    );
    expect(
      await store.halt(
        id,
        1,
        { wave: 1, reason: "SLE", at: new Date().toISOString(), kind: "sle" },
        { state: "halted" },
      ),
    ).toBe(true);
    expect(
      await store.write(
        id,
        1,
        ["running"],
        store.siteFields({ site_id: "s1", wave: 1, state: "moved", version: 2, at: "x" }),
      ),
    ).toBe("moved_on");
    const view = await store.get(id);
    expect(view.status).toBe("halted");
    expect(view.waves.map((w) => w.state)).toEqual(["halted", "pending"]);
    expect(view.sites).toEqual([]);
    expect(view.halt?.kind).toBe("sle");
  });
});
