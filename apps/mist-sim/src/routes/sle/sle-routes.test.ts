import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, defaultClaimCodes, OTHER_TOKEN, READONLY_TOKEN } from "../../seed/default-seed";
import type { SimClient } from "../../test-support/sim-client";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const HOUR = 3_600_000;
const T0 = 1_800_000_000_000; // a whole second, so windows line up with the clock
let now = T0;

const METRICS = [
  "time-to-connect",
  "successful-connect",
  "coverage",
  "capacity",
  "roaming",
  "throughput",
  "ap-availability",
];

async function newSite(api: SimClient, name: string): Promise<string> {
  return (await api.post(`${ORG}/sites`, { name })).body.id;
}

/** Claim the n-th..(n+count)-th demo APs and assign them to the site. */
async function addAps(api: SimClient, siteId: string, from: number, count: number): Promise<void> {
  const codes = defaultClaimCodes("ap", from + count).slice(from);
  const claimed = (await api.post(`${ORG}/inventory`, codes)).body.inventory_added.map(
    (d: { mac: string }) => d.mac,
  );
  await api.put(`${ORG}/inventory`, { op: "assign", site_id: siteId, macs: claimed });
}

function summary(api: SimClient, site: string, metric: string, query = "duration=1d") {
  return api.get(`/sites/${site}/sle/site/${site}/metric/${metric}/summary?${query}`);
}

describe("site and org SLEs", () => {
  const ctx = useSim({ clock: () => now });

  it("a new site has no SLE data until a device is assigned", async () => {
    now = T0;
    const site = await newSite(ctx.api, "empty");
    const before = await ctx.api.get(`${ORG}/insights/sites-sle?sle=wifi`);
    expect(before.body).toMatchObject({ total: 0, results: [], page: 1, limit: 100, interval: 3600 });
    const empty = await summary(ctx.api, site, "coverage");
    expect(empty.body.sle.samples.value).toEqual(Array(24).fill(null));

    await addAps(ctx.api, site, 0, 2);
    const after = await ctx.api.get(`${ORG}/insights/sites-sle`);
    expect(after.body.total).toBe(1);
    const [result] = after.body.results;
    expect(result).toMatchObject({ site_id: site, num_aps: 2 });
    expect(Object.keys(result).sort()).toEqual([...METRICS, "num_aps", "num_clients", "site_id"].sort());
    for (const m of METRICS) {
      expect(result[m]).toBeGreaterThanOrEqual(0.95);
      expect(result[m]).toBeLessThanOrEqual(0.99);
    }
    // Only the bucket holding "now" has data; earlier ones stay empty.
    const values = (await summary(ctx.api, site, "coverage")).body.sle.samples.value;
    expect(values.slice(0, 23)).toEqual(Array(23).fill(null));
    expect(values[23]).toBe(result.coverage);
  });

  it("serves test-set values from `at` on, in summaries and in the org roll-up", async () => {
    now = T0 - 48 * HOUR;
    const site = await newSite(ctx.api, "flaky");
    await addAps(ctx.api, site, 0, 1);
    now = T0;
    const baseline = (await ctx.api.admin("GET", `/sites/${site}/sle`)).body.current.coverage;
    const set = await ctx.api.admin("PUT", `/sites/${site}/sle`, {
      metric: "coverage",
      value: 0.5,
      at: T0 - 12 * HOUR,
    });
    expect(set.status).toBe(200);
    expect(set.body.overrides.coverage).toEqual([{ at: T0 - 12 * HOUR, value: 0.5 }]);
    expect(set.body.current.coverage).toBe(0.5);

    const day = await summary(ctx.api, site, "coverage");
    expect(day.body).toMatchObject({
      start: T0 / 1000 - 86_400,
      end: T0 / 1000,
      sle: { name: "coverage", interval: 3600 },
    });
    const { value, total, degraded } = day.body.sle.samples;
    expect(value).toEqual([...Array(12).fill(baseline), ...Array(12).fill(0.5)]);
    expect(degraded[23]).toBeCloseTo(total[23] * 0.5, 1);
    expect(day.body.impact.num_aps).toBe(1);
    expect(day.body.classifiers.map((c: { name: string }) => c.name)).toEqual([
      "weak-signal",
      "asymmetry-downlink",
      "asymmetry-uplink",
    ]);

    const rollup = (await ctx.api.get(`${ORG}/insights/sites-sle?duration=1d`)).body.results[0];
    expect(rollup.coverage).toBeCloseTo((baseline + 0.5) / 2, 5);
    const recent = (await ctx.api.get(`${ORG}/insights/sites-sle?start=-1h`)).body.results[0];
    expect(recent.coverage).toBe(0.5);

    // null = no data: the site drops out of the roll-up for windows without ap-availability.
    await ctx.api.admin("PUT", `/sites/${site}/sle`, {
      metric: "ap-availability",
      value: null,
      at: T0 - HOUR,
    });
    expect((await ctx.api.get(`${ORG}/insights/sites-sle?start=-30m`)).body.total).toBe(0);
    expect((await ctx.api.get(`${ORG}/insights/sites-sle?duration=1d`)).body.total).toBe(1);
  });

  it("accepts several values at once and both names of the connect SLE", async () => {
    now = T0;
    const site = await newSite(ctx.api, "bulk");
    const res = await ctx.api.admin("PUT", `/sites/${site}/sle`, {
      values: { "failed-to-connect": 0.8, capacity: 0.7, "ap-availability": 1 },
    });
    expect(res.body.current).toMatchObject({
      "successful-connect": 0.8,
      capacity: 0.7,
      "ap-availability": 1,
    });
    // A value set without `at` holds for all time, devices or not.
    const rollup = (await ctx.api.get(`${ORG}/insights/sites-sle`)).body.results[0];
    expect(rollup).toEqual({
      site_id: site,
      num_aps: 0,
      num_clients: 0,
      "successful-connect": 0.8,
      capacity: 0.7,
      "ap-availability": 1,
    });
    const connect = await summary(ctx.api, site, "failed-to-connect", "duration=1h");
    expect(connect.body.sle.name).toBe("failed-to-connect");
    expect(connect.body.sle.samples.value).toEqual(Array(6).fill(0.8));
    expect((await summary(ctx.api, site, "successful-connect")).status).toBe(404);
    expect((await ctx.api.admin("DELETE", `/sites/${site}/sle`)).status).toBe(200);
    expect((await ctx.api.get(`${ORG}/insights/sites-sle`)).body.total).toBe(0);
  });

  it("can report data for sites without devices when requireDevices is off", async () => {
    now = T0;
    expect((await ctx.api.admin("PUT", "/sle", { requireDevices: false })).body).toEqual({
      requireDevices: false,
    });
    const site = await newSite(ctx.api, "bare");
    const rollup = (await ctx.api.get(`${ORG}/insights/sites-sle`)).body;
    expect(rollup.results.map((r: { site_id: string }) => r.site_id)).toEqual([site]);
    await ctx.api.admin("POST", "/reset");
    expect((await ctx.api.admin("GET", "/sle")).body).toEqual({ requireDevices: true });
  });

  it("pages the roll-up in the body and in X-Page headers", async () => {
    now = T0;
    const sites = [];
    for (let i = 0; i < 3; i++) {
      sites.push(await newSite(ctx.api, `s${i}`));
      await addAps(ctx.api, sites[i] as string, i, 1);
    }
    const page2 = await ctx.api.get(`${ORG}/insights/sites-sle?sle=wifi&limit=2&page=2&interval=10m`);
    expect(page2.body).toMatchObject({ limit: 2, page: 2, total: 3, interval: 600 });
    expect(page2.body.results.map((r: { site_id: string }) => r.site_id)).toEqual([sites[2]]);
    expect(page2.headers.get("x-page-total")).toBe("3");
    expect(page2.headers.get("x-page-limit")).toBe("2");
    expect(page2.headers.get("x-page-page")).toBe("2");
    expect((await ctx.api.get(`${ORG}/insights/sites-sle?sle=wired`)).body).toMatchObject({
      total: 0,
      results: [],
    });
    const bad = await ctx.api.get(`${ORG}/insights/sites-sle?sle=lte`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe("invalid field: sle");
    expect((await ctx.api.get(`${ORG}/insights/sites-sle?interval=soon`)).body.detail).toBe(
      "invalid field: interval",
    );
  });

  it("lists metrics per scope and guards the paths", async () => {
    now = T0;
    const site = await newSite(ctx.api, "scopes");
    await addAps(ctx.api, site, 0, 1);
    const [ap] = (await ctx.api.get(`/sites/${site}/devices`)).body;
    const metrics = await ctx.api.get(`/sites/${site}/sle/site/${site}/metrics`);
    expect(metrics.body).toEqual({
      supported: [
        "time-to-connect",
        "failed-to-connect",
        "coverage",
        "capacity",
        "roaming",
        "throughput",
        "ap-availability",
      ],
      enabled: metrics.body.supported,
    });
    expect((await ctx.api.get(`/sites/${site}/sle/ap/${ap.id}/metrics`)).body.enabled).toHaveLength(7);
    expect((await ctx.api.get(`/sites/${site}/sle/client/5c5b35000001/metrics`)).body).toEqual({
      supported: [],
      enabled: [],
    });
    expect((await ctx.api.get(`/sites/${site}/sle/switch/${ap.id}/metrics`)).status).toBe(404);
    expect((await ctx.api.get(`/sites/${site}/sle/site/${DEFAULT_ORG_ID}/metrics`)).status).toBe(404);
    expect((await ctx.api.get(`/sites/${site}/sle/planet/${site}/metrics`)).status).toBe(404);
    expect((await summary(ctx.api, site, "switch_health")).status).toBe(404);
    expect((await ctx.api.get(`/sites/${site}/sle/site/${site}/metric/coverage/classifiers`)).body).toEqual([
      "weak-signal",
      "asymmetry-downlink",
      "asymmetry-uplink",
    ]);
    expect((await summary(ctx.api, site, "coverage", "start=tomorrow")).body.detail).toBe(
      "invalid field: start",
    );
    expect((await summary(ctx.api.withToken(READONLY_TOKEN), site, "coverage")).status).toBe(200);
    expect((await summary(ctx.api.withToken(OTHER_TOKEN), site, "coverage")).status).toBe(403);
    expect((await ctx.api.withToken(OTHER_TOKEN).get(`${ORG}/insights/sites-sle`)).status).toBe(403);
  });

  it("validates /__sim SLE updates", async () => {
    now = T0;
    const site = await newSite(ctx.api, "admin");
    const unknown = await ctx.api.admin("PUT", `/sites/${site}/sle`, { metric: "jitter", value: 0.5 });
    expect(unknown.body.detail).toBe("invalid field: metric");
    expect(
      (await ctx.api.admin("PUT", `/sites/${site}/sle`, { metric: "coverage", value: 1.5 })).status,
    ).toBe(400);
    expect((await ctx.api.admin("PUT", `/sites/${site}/sle`, { metric: "coverage" })).body.detail).toBe(
      "invalid field: value",
    );
    expect((await ctx.api.admin("PUT", `/sites/${site}/sle`, { value: 0.5 })).body.detail).toBe(
      "invalid field: metric",
    );
    expect(
      (await ctx.api.admin("PUT", `/sites/${site}/sle`, { metric: "coverage", value: 0.5, when: 1 })).status,
    ).toBe(400);
    expect((await ctx.api.admin("GET", `/sites/${DEFAULT_ORG_ID}/sle`)).status).toBe(404);
    const view = (await ctx.api.admin("GET", `/sites/${site}/sle`)).body;
    expect(view).toMatchObject({
      site_id: site,
      require_devices: true,
      data_since: null,
      now: T0,
      overrides: {},
    });
    expect(view.current.coverage).toBeNull();
  });
});
