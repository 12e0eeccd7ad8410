import { afterEach, describe, expect, it } from "vitest";
import { type RunningSim, startSim } from "../../app/start-sim";
import { DEFAULT_ORG_ID, defaultClaimCodes, READONLY_TOKEN } from "../../seed/default-seed";
import type { DeviceType } from "../../seed/schema";
import { SimClient } from "../../test-support/sim-client";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const T0 = 1_800_000_000_000;
const STAGE = 2000; // default phase length
let now = T0;

interface Setup {
  site: string;
  aps: Array<{ id: string; mac: string }>;
  sw: { id: string; mac: string };
}

/** A site with `apCount` AP45s and one EX4100-48P, all on their factory firmware. */
async function setup(api: SimClient, apCount = 2): Promise<Setup> {
  const site = (await api.post(`${ORG}/sites`, { name: "fw" })).body.id;
  const codes = [...defaultClaimCodes("ap", apCount), ...defaultClaimCodes("switch", 1)];
  const macs = (await api.post(`${ORG}/inventory`, codes)).body.inventory_added.map(
    (d: { mac: string }) => d.mac,
  );
  await api.put(`${ORG}/inventory`, { op: "assign", site_id: site, macs });
  const devices = (await api.get(`/sites/${site}/devices?type=all`)).body as Array<{
    id: string;
    mac: string;
    type: DeviceType;
  }>;
  const pick = (d: { id: string; mac: string }) => ({ id: d.id, mac: d.mac });
  return {
    site,
    aps: devices.filter((d) => d.type === "ap").map(pick),
    sw: pick(devices.find((d) => d.type === "switch") as { id: string; mac: string }),
  };
}

async function versions(api: SimClient, site: string): Promise<Record<string, string>> {
  const devices = (await api.get(`/sites/${site}/devices?type=all`)).body as Array<{
    mac: string;
    version: string;
  }>;
  return Object.fromEntries(devices.map((d) => [d.mac, d.version]));
}

describe("firmware versions", () => {
  const ctx = useSim();

  it("lists versions per model for a type (default ap), at site and org level", async () => {
    const { site } = await setup(ctx.api, 1);
    const ap = await ctx.api.get(`/sites/${site}/devices/versions`);
    expect(ap.body).toEqual([
      { model: "AP45", version: "0.15.30115", tag: "beta" },
      { model: "AP45", version: "0.14.29633", tag: "stable" },
      { model: "AP45", version: "0.14.29313", tag: "" },
      { model: "AP45", version: "0.12.27452", tag: "" },
    ]);
    const sw = await ctx.api.get(`${ORG}/devices/versions?type=switch&model=EX4100-48P`);
    expect(sw.body.map((v: { version: string }) => v.version)).toEqual([
      "24.2R1",
      "23.4R2-S4",
      "23.4R2-S2",
      "22.4R3-S2",
    ]);
    expect((await ctx.api.get(`${ORG}/devices/versions?type=gateway&model=AP45`)).body).toEqual([]);
    expect((await ctx.api.get(`${ORG}/devices/versions?type=router`)).body.detail).toBe(
      "invalid field: type",
    );
  });
});

describe("site device upgrades", () => {
  const ctx = useSim({ clock: () => now });
  const get = (site: string, id: string) => ctx.api.get(`/sites/${site}/devices/upgrade/${id}`);

  it("moves created → queued → downloading → upgrading → completed and changes the reported version", async () => {
    now = T0;
    const s = await setup(ctx.api);
    const started = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {
      version: "stable",
      models: ["AP45"],
    });
    expect(started.status).toBe(200);
    expect(started.body.upgrade_id).toMatch(/^[0-9a-f-]{36}$/);
    const id = started.body.upgrade_id;
    const apMacs = s.aps.map((a) => a.mac);

    const created = (await get(s.site, id)).body;
    expect(created).toMatchObject({
      id,
      status: "created",
      strategy: "big_bang",
      target_version: "0.14.29633",
      start_time: T0 / 1000,
      force: false,
      current_phase: 0,
      upgrade_plan: { "1": apMacs },
      targets: { total: 2, scheduled: apMacs, upgraded: [], failed: [], skipped: [] },
    });
    const seen: string[] = [];
    for (let stage = 1; stage <= 4; stage++) {
      now = T0 + stage * STAGE;
      seen.push((await get(s.site, id)).body.status);
    }
    expect(seen).toEqual(["queued", "downloading", "upgrading", "completed"]);
    const done = (await get(s.site, id)).body;
    expect(done.targets).toMatchObject({ total: 2, upgraded: apMacs, rebooted: apMacs, scheduled: [] });

    expect(await versions(ctx.api, s.site)).toEqual({
      [s.aps[0]?.mac as string]: "0.14.29633",
      [s.aps[1]?.mac as string]: "0.14.29633",
      [s.sw.mac]: "23.4R2-S2",
    });
    const stat = (await ctx.api.get(`/sites/${s.site}/stats/devices/${s.aps[0]?.id}`)).body;
    expect(stat).toMatchObject({
      version: "0.14.29633",
      status: "connected",
      fwupdate: { status: "success", progress: 100 },
    });
    const list = (await ctx.api.get(`/sites/${s.site}/devices/upgrade?status=completed`)).body;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, status: "completed", counts: { total: 2, upgraded: 2, failed: 0 } });
    expect(list[0].targets).toBeUndefined();
    expect((await ctx.api.get(`/sites/${s.site}/devices/upgrade?status=queued`)).body).toEqual([]);
  });

  it("reports restarting devices and in-progress fwupdate in stats while an upgrade runs", async () => {
    now = T0;
    const s = await setup(ctx.api, 1);
    await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {
      device_ids: [s.sw.id],
      version: "23.4R2-S4",
      reboot: true,
    });
    now = T0 + 3.5 * STAGE;
    const stats = (await ctx.api.get(`/sites/${s.site}/stats/devices?type=switch`)).body;
    expect(stats[0]).toMatchObject({ mac: s.sw.mac, status: "restarting", version: "23.4R2-S2" });
    expect(stats[0].fwupdate).toMatchObject({ status: "inprogress", progress: 95 });
    expect((await ctx.api.get(`/sites/${s.site}/stats/devices?type=all&status=connected`)).body).toHaveLength(
      1,
    );
  });

  it("skips devices already on the version unless force, and devices busy in another upgrade", async () => {
    now = T0;
    const s = await setup(ctx.api, 1);
    const ap = s.aps[0] as { id: string; mac: string };
    const same = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {
      version: "0.14.29313",
      device_ids: [ap.id],
    });
    expect((await get(s.site, same.body.upgrade_id)).body).toMatchObject({
      status: "completed",
      targets: { total: 1, skipped: [ap.mac] },
      upgrade_plan: {},
    });
    const forced = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {
      version: "0.14.29313",
      device_ids: [ap.id],
      force: true,
    });
    expect((await get(s.site, forced.body.upgrade_id)).body.targets.scheduled).toEqual([ap.mac]);
    const busy = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { device_ids: [ap.id] });
    expect((await get(s.site, busy.body.upgrade_id)).body.targets.skipped).toEqual([ap.mac]);
  });

  it("rejects unknown versions per model, foreign devices and bad bodies", async () => {
    now = T0;
    const s = await setup(ctx.api, 1);
    const wrong = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { version: "23.4R2-S4" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ detail: "version 23.4R2-S4 is not available for model AP45" });
    const foreign = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { device_ids: [DEFAULT_ORG_ID] });
    expect(foreign.body).toEqual({
      detail: "invalid field: device_ids",
      reason: "item 0: device not found in site",
    });
    const none = await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { models: ["AP12"] });
    expect(none.body.detail).toBe("no device of the site matches device_ids / models");
    expect((await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { strategy: "yolo" })).body.detail).toBe(
      "invalid field: strategy",
    );
    expect(
      (await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { rules: [{ match_model: "AP45" }] })).body
        .detail,
    ).toBe("invalid field: rules");
    expect(
      (await ctx.api.withToken(READONLY_TOKEN).post(`/sites/${s.site}/devices/upgrade`, {})).status,
    ).toBe(403);
    expect((await get(s.site, DEFAULT_ORG_ID)).status).toBe(404);
  });

  it("cancels best effort: devices not yet rebooting are skipped, the rest finish", async () => {
    now = T0;
    const s = await setup(ctx.api, 3);
    const { upgrade_id: id } = (
      await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { models: ["AP45"], strategy: "serial" })
    ).body;
    now = T0 + STAGE + 3 * STAGE + 2.6 * STAGE; // first AP done, second rebooting
    expect((await ctx.api.post(`/sites/${s.site}/devices/upgrade/${id}/cancel`)).status).toBe(200);
    const [a, b, c] = s.aps.map((x) => x.mac);
    expect((await get(s.site, id)).body).toMatchObject({
      status: "cancelled",
      targets: { upgraded: [a], reboot_in_progress: [b], skipped: [c] },
    });
    now += STAGE;
    expect((await get(s.site, id)).body.targets.upgraded).toEqual([a, b]);
    const after = await versions(ctx.api, s.site);
    expect([after[a as string], after[b as string], after[c as string]]).toEqual([
      "0.14.29633",
      "0.14.29633",
      "0.14.29313",
    ]);
    expect((await ctx.api.post(`/sites/${s.site}/devices/upgrade/${id}/cancel`)).status).toBe(200);
  });

  it("fails devices chosen through /__sim/firmware/failures and fails the upgrade above the threshold", async () => {
    now = T0;
    const s = await setup(ctx.api, 2);
    const [bad, good] = s.aps.map((a) => a.mac) as [string, string];
    const set = await ctx.api.admin("PUT", "/firmware/failures", { macs: [bad.toUpperCase()] });
    expect(set.body).toEqual({ macs: [bad], model: null, probability: 0 });
    const { upgrade_id: id } = (await ctx.api.post(`/sites/${s.site}/devices/upgrade`, { models: ["AP45"] }))
      .body;
    now = T0 + 4 * STAGE;
    expect((await get(s.site, id)).body).toMatchObject({
      status: "failed",
      targets: { failed: [bad], upgraded: [good] },
    });
    const after = await versions(ctx.api, s.site);
    expect([after[bad], after[good]]).toEqual(["0.14.29313", "0.14.29633"]);
    const stat = (await ctx.api.get(`/sites/${s.site}/stats/devices`)).body.find(
      (d: { mac: string }) => d.mac === bad,
    );
    expect(stat.fwupdate).toMatchObject({ status: "failed" });

    expect((await ctx.api.admin("PUT", "/firmware/failures", { probability: 2 })).status).toBe(400);
    expect((await ctx.api.admin("PUT", "/firmware/failures", { mac: [bad] })).body.detail).toBe(
      "invalid field: mac",
    );
    expect((await ctx.api.admin("DELETE", "/firmware/failures")).status).toBe(200);
    expect((await ctx.api.admin("GET", "/firmware/failures")).body).toEqual({
      macs: [],
      model: null,
      probability: 0,
    });
  });

  it("draws probabilistic failures from the seeded PRNG, the same way after every reset", async () => {
    const failedSet = async () => {
      await ctx.api.admin("POST", "/reset");
      now = T0;
      const s = await setup(ctx.api, 12);
      await ctx.api.admin("PUT", "/firmware/failures", { model: "AP45", probability: 0.5 });
      const { upgrade_id: id } = (
        await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {
          models: ["AP45"],
          max_failure_percentage: 100,
        })
      ).body;
      now = T0 + 4 * STAGE;
      return (await get(s.site, id)).body.targets;
    };
    const first = await failedSet();
    const second = await failedSet();
    expect(second.failed).toEqual(first.failed);
    expect(first.failed.length).toBeGreaterThan(0);
    expect(first.failed.length).toBeLessThan(12);
    expect(first.upgraded.length + first.failed.length).toBe(12);
  });

  it("takes the stage length from /__sim/firmware for upgrades created afterwards", async () => {
    now = T0;
    const s = await setup(ctx.api, 1);
    expect((await ctx.api.admin("GET", "/firmware")).body).toMatchObject({ phaseMs: STAGE });
    expect((await ctx.api.admin("PUT", "/firmware", { phaseMs: 10 })).body.phaseMs).toBe(10);
    expect((await ctx.api.admin("PUT", "/firmware", { phaseMs: 0 })).status).toBe(400);
    const { upgrade_id: id } = (await ctx.api.post(`/sites/${s.site}/devices/upgrade`, {})).body;
    now = T0 + 40;
    expect((await get(s.site, id)).body.status).toBe("completed");
    await ctx.api.admin("POST", "/reset");
    expect((await ctx.api.admin("GET", "/firmware")).body.phaseMs).toBe(STAGE);
  });
});

describe("upgrades on the real clock", () => {
  let sim: RunningSim | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it("complete within a few tiny phases (upgradePhaseMs option)", async () => {
    sim = await startSim({ upgradePhaseMs: 5 });
    const api = new SimClient(sim.url);
    const s = await setup(api, 1);
    const { upgrade_id: id } = (
      await api.post(`/sites/${s.site}/devices/upgrade`, { canary_phases: [50, 100], strategy: "canary" })
    ).body;
    let status = "";
    for (let i = 0; i < 100 && status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 5));
      status = (await api.get(`/sites/${s.site}/devices/upgrade/${id}`)).body.status;
    }
    expect(status).toBe("completed");
    expect((await versions(api, s.site))[s.aps[0]?.mac as string]).toBe("0.14.29633");
  });
});
