import { producerConnection, type RedisClient, scanKeys, whenReady } from "@mistflow/config";
import { TokenPool } from "@mistflow/mist-client";
import {
  DEFAULT_ORG_ID,
  DEFAULT_TOKEN,
  defaultClaimCodes,
  type RunningSim,
  startSim,
} from "@mistflow/mist-sim";
import { uniquePrefix } from "@mistflow/testing";
import { UpgradeStore } from "@mistflow/upgrades";
import { FlowProducer, Queue } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { testApp } from "../test-support/test-app";

const ORG = DEFAULT_ORG_ID;

/**
 * The org pre-flight and the auto-upgrade refusal against simulator orgs configured each way,
 * through the real client, token pool, Redis and BullMQ.
 */
describe("org pre-flight (GET /v1/orgs/:id/probe) and the upgrade refusal", () => {
  const prefix = uniquePrefix("preflight");
  let sim: RunningSim;
  let redis: RedisClient;
  let flows: FlowProducer;
  let day2: Queue;
  let pool: TokenPool;
  let store: UpgradeStore;
  let app: Hono;

  const sim_ = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.url}${path}`, {
      method,
      headers: { authorization: `Token ${DEFAULT_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (r) => ({
      status: r.status,
      body: r.status === 200 ? await r.json().catch(() => null) : null,
    }));
  const harness = (method: string, path: string, body?: unknown) => sim_(method, `/__sim${path}`, body);
  const mist = (method: string, path: string, body?: unknown) => sim_(method, `/api/v1${path}`, body);
  const probe = async () => {
    const res = await app.request(`/v1/orgs/${ORG}/probe`);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      ok: boolean;
      preflight: Record<"token" | "source_ip" | "auto_upgrade" | "marvis" | "ok", Record<string, unknown>>;
    };
  };
  const jobs = async () => Object.values(await day2.getJobCounts()).reduce((a, b) => a + b, 0);

  let siteA: string;
  let siteB: string;
  const newSite = async (name: string) => {
    const site = (await mist("POST", `/orgs/${ORG}/sites`, { name })).body as { id: string };
    return site.id;
  };

  beforeAll(async () => {
    sim = await startSim({ rateLimit: false });
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    day2 = new Queue("day2", { connection: redis, prefix });
    pool = new TokenPool(
      { orgs: { [ORG]: [{ alias: "demo", token: DEFAULT_TOKEN }] }, default: [] },
      { redis, baseUrl: sim.url, prefix, budget: 5000, windowMs: 3_600_000, burst: 100 },
    );
    store = new UpgradeStore(redis, prefix);
    app = testApp(redis, flows, prefix, { mist: pool, upgrades: { store, flows, day2 } });
  });
  afterAll(async () => {
    await day2.obliterate({ force: true });
    await pool.close();
    const keys = await scanKeys(redis, `${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all([day2.close(), flows.close()]);
    redis.disconnect();
    await sim.close();
  });
  beforeEach(async () => {
    sim.state.reset();
    siteA = await newSite("Paris");
    siteB = await newSite("Lyon");
  });

  it("an unconfigured org passes every item with an org token that can write", async () => {
    const r = await probe();
    expect(r.ok).toBe(true);
    expect(r.preflight.ok).toBe(true);
    expect(r.preflight.token).toMatchObject({ status: "ok", kind: "org", role: "admin", alias: "demo" });
    expect(r.preflight.source_ip).toMatchObject({ status: "ok", enforced: false, this_host_passes: true });
    expect(r.preflight.auto_upgrade).toMatchObject({ status: "ok", org_wide: false, sites: [] });
    expect(r.preflight.marvis).toMatchObject({ status: "ok", recent_actions: 0 });
  });

  it("source IPs enforced and this host inside them: ok, enforced, passes", async () => {
    await harness("PUT", `/orgs/${ORG}/setting`, {
      api_policy: { src_ips: ["127.0.0.0/8", "::1"], enforce_src_ips_for_tokens: true },
    });
    const r = await probe();
    expect(r.preflight.source_ip).toMatchObject({
      status: "ok",
      enforced: true,
      this_host_passes: true,
      src_ips: ["127.0.0.0/8", "::1"],
    });
  });

  it("source IPs enforced and this host outside them: the item fails with Mist's 403", async () => {
    await harness("PUT", `/orgs/${ORG}/setting`, {
      api_policy: { src_ips: ["192.0.2.0/24"], enforce_src_ips_for_tokens: true },
    });
    const r = await probe();
    expect(r.preflight.ok).toBe(false);
    expect(r.preflight.source_ip).toMatchObject({ status: "fail", this_host_passes: false });
    expect(String(r.preflight.source_ip.reason)).toContain("src_ips");
    expect(r.preflight.token).toMatchObject({ status: "fail" });
  });

  it("auto-upgrade: warns naming the sites where it is on, and every site when org-wide", async () => {
    await mist("PUT", `/sites/${siteB}/setting`, { auto_upgrade: { enabled: true } });
    let r = await probe();
    expect(r.preflight.auto_upgrade).toMatchObject({
      status: "warning",
      org_wide: false,
      sites: [{ site_id: siteB, site_name: "Lyon" }],
    });
    expect(String(r.preflight.auto_upgrade.reason)).toContain("Lyon");
    await mist("PUT", `/orgs/${ORG}/setting`, { auto_upgrade: { enabled: true } });
    r = await probe();
    expect(r.preflight.auto_upgrade).toMatchObject({ status: "warning", org_wide: true });
    expect(r.preflight.auto_upgrade.sites).toHaveLength(2);
  });

  it("says what it could not check when Mist refuses the per-site reads, instead of failing", async () => {
    sim.state.faults.add({ method: "GET", path: "^/sites/[^/]+/setting$", status: 500 });
    const r = await probe();
    expect(r.preflight.auto_upgrade).toMatchObject({ status: "warning", org_wide: false, sites: [] });
    expect(String(r.preflight.auto_upgrade.reason)).toMatch(/^not checked: /);
    expect(r.preflight.token).toMatchObject({ status: "ok" });
    sim.state.faults.clear();
  });

  it("Marvis self-driving on with actions: warns with the count per site", async () => {
    await mist("PUT", `/orgs/${ORG}/setting`, { marvis: { self_driving: { wired: { enabled: true } } } });
    for (const port of ["ge-0/0/1", "ge-0/0/2"])
      await harness("POST", `/sites/${siteA}/marvis_configs`, {
        mac: "2c6bf5b00001",
        port_id: port,
        op: "disable_port",
      });
    const r = await probe();
    expect(r.preflight.marvis).toMatchObject({
      status: "warning",
      self_driving: { wireless: false, wired: true, wan: false },
      recent_actions: 2,
      sites: [{ site_id: siteA, site_name: "Paris", actions: 2 }],
    });
    expect(r.preflight.ok).toBe(true);
  });

  describe("AP upgrades and auto-upgrade", () => {
    const upgrade = (body: Record<string, unknown> = {}) =>
      app.request("/v1/upgrades", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          org_id: ORG,
          sites: [siteA, siteB],
          device_type: "ap",
          version: "0.14.29633",
          ...body,
        }),
      });

    beforeEach(async () => {
      const codes = defaultClaimCodes("ap", 2);
      await mist("POST", `/orgs/${ORG}/inventory`, codes);
      const inv = (await mist("GET", `/orgs/${ORG}/inventory?type=ap`)).body as Array<{ mac: string }>;
      await mist("PUT", `/orgs/${ORG}/inventory`, { op: "assign", site_id: siteA, macs: [inv[0]?.mac] });
      await mist("PUT", `/orgs/${ORG}/inventory`, { op: "assign", site_id: siteB, macs: [inv[1]?.mac] });
    });

    it("refuses a canary rollout over a site with auto-upgrade on with 409 naming it; nothing is enqueued", async () => {
      await mist("PUT", `/sites/${siteB}/setting`, { auto_upgrade: { enabled: true } });
      const before = { jobs: await jobs(), upgrades: (await store.list(500)).length };
      const res = await upgrade();
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe("auto_upgrade_on");
      expect(body.message).toContain("Lyon");
      expect(body.message).not.toContain("Paris");
      expect(await jobs()).toBe(before.jobs);
      expect((await store.list(500)).length).toBe(before.upgrades);
    });

    it("goes ahead with override_auto_upgrade, and when auto-upgrade is off", async () => {
      await mist("PUT", `/orgs/${ORG}/setting`, { auto_upgrade: { enabled: true } });
      const overridden = await upgrade({ override_auto_upgrade: true });
      expect(overridden.status).toBe(202);
      expect(
        ((await overridden.json()) as { request: Record<string, unknown> }).request.override_auto_upgrade,
      ).toBe(true);
      await mist("PUT", `/orgs/${ORG}/setting`, { auto_upgrade: { enabled: false } });
      expect((await upgrade()).status).toBe(202);
    });

    it("does not check auto-upgrade for switch upgrades (it is an AP setting)", async () => {
      await mist("PUT", `/orgs/${ORG}/setting`, { auto_upgrade: { enabled: true } });
      const res = await upgrade({ device_type: "switch", version: "23.4R2-S4" });
      expect(res.status).not.toBe(409);
    });
  });
});
