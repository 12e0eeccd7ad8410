import { UpgradeRequest } from "@mistflow/contracts";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { planWaves } from "../plan-waves";
import { newUpgradeId } from "../upgrade-id";
import type { StoredUpgradeRequest } from "./types";
import { deviceField, isUpgradeNotFoundError, siteUpgradeField, UpgradeStore } from "./upgrade-store";

const SITES = ["6f4bf402-45f9-4c1f-8f2c-0c1a7e0d00a1", "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d00a2"];
const parsed = UpgradeRequest.parse({
  org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
  sites: SITES,
  device_type: "ap",
  version: "0.14.29633",
  waves: [{ devices: 1 }, { percent: 100 }],
});
const request: StoredUpgradeRequest = { ...parsed, sites: SITES, models: ["AP45"] };

describe("UpgradeStore", () => {
  const prefix = uniquePrefix("upgrades");
  let redis: Redis;
  let store: UpgradeStore;

  const create = async () => {
    const id = newUpgradeId();
    await store.create({ id, org_id: request.org_id, request, plan: planWaves(SITES, request.waves) });
    return id;
  };

  beforeAll(() => {
    redis = new Redis(inject("redisUrl"));
    store = new UpgradeStore(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("creates a queued record with every wave pending, listed newest first", async () => {
    const a = await create();
    const b = await create();
    const view = await store.get(a);
    expect(view).toMatchObject({ id: a, status: "queued", generation: 0, current_wave: 1, halt: null });
    expect(view.waves.map((w) => [w.wave, w.state, w.sites.length])).toEqual([
      [1, "pending", 1],
      [2, "pending", 2],
    ]);
    expect((await store.list(10)).slice(0, 2)).toEqual([b, a]);
    await expect(store.get("upg-000000000000000000000000")).rejects.toSatisfy(isUpgradeNotFoundError);
  });

  it("writes a wave's intent once, and only while its generation runs", async () => {
    const id = await create();
    const field = siteUpgradeField(1, SITES[0] as string);
    const intent = { wave: 1, site_id: SITES[0], state: "intent", devices: [], at_target: [], intent_ms: 1 };
    // Queued is not running: nothing is written.
    expect(await store.waveWrite(id, 0, { [field]: intent }, { onlyIfAbsent: field })).toBe("moved_on");
    expect((await store.transition(id, ["queued"], "running", { generation: 0 })).ok).toBe(true);
    expect(await store.waveWrite(id, 0, { [field]: intent }, { onlyIfAbsent: field })).toBe("ok");
    expect(
      await store.waveWrite(id, 0, { [field]: { ...intent, state: "done" } }, { onlyIfAbsent: field }),
    ).toBe("exists");
    expect((await store.siteUpgrade(id, 1, SITES[0] as string))?.state).toBe("intent");
    // A job of another generation cannot write.
    expect(await store.waveWrite(id, 7, { [deviceField("aa")]: { mac: "aa" } })).toBe("moved_on");
    expect((await store.devices(id)).size).toBe(0);
  });

  it("halts only the generation that runs, and a resume bumps the generation", async () => {
    const id = await create();
    await store.transition(id, ["queued"], "running", { generation: 0 });
    const halt = { wave: 1, reason: "coverage fell", at: "t", kind: "sle" as const };
    expect(await store.halt(id, 3, halt, { state: "halted" })).toBe(false);
    expect(await store.halt(id, 0, halt, { state: "halted" })).toBe(true);
    const halted = await store.get(id);
    expect(halted.status).toBe("halted");
    expect(halted.halt).toEqual(halt);
    expect(halted.waves[0]?.state).toBe("halted");
    expect((await store.transition(id, ["running"], "succeeded")).ok).toBe(false);
    const resumed = await store.transition(id, ["halted"], "running", {
      bumpGeneration: true,
      fields: { halt: "" },
    });
    expect(resumed).toEqual({ ok: true, status: "running", generation: 1 });
    expect((await store.get(id)).halt).toBeNull();
  });
});
