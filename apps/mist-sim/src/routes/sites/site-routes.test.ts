import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("sites", () => {
  const ctx = useSim();

  it("creates a site with 200, server fields and documented defaults", async () => {
    const res = await ctx.api.post(`${ORG}/sites`, {
      name: "Branch 1",
      address: "1601 S. Deanza Blvd., Cupertino, CA",
      country_code: "US",
      latlng: { lat: 37.29, lng: -122.03 },
      custom_field: { kept: true },
      id: "ignored",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Branch 1",
      org_id: DEFAULT_ORG_ID,
      timezone: "UTC",
      rftemplate_id: null,
      gatewaytemplate_id: null,
      networktemplate_id: null,
      sitegroup_ids: [],
      custom_field: { kept: true },
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body.created_time).toBeGreaterThan(1_600_000_000);
    expect(res.body.created_time).toBeLessThan(10_000_000_000); // seconds, not ms
    expect(res.body.modified_time).toBe(res.body.created_time);
  });

  it("names the missing required field in a 400", async () => {
    const res = await ctx.api.post(`${ORG}/sites`, { address: "nowhere" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "invalid field: name", reason: "field is required" });
  });

  it("rejects invalid field values with the field name", async () => {
    const tz = await ctx.api.post(`${ORG}/sites`, { name: "x", timezone: "Mars/Olympus" });
    expect(tz.body.detail).toBe("invalid field: timezone");
    const tpl = await ctx.api.post(`${ORG}/sites`, { name: "x", rftemplate_id: "not-a-uuid" });
    expect(tpl.body.detail).toBe("invalid field: rftemplate_id");
    const missingTpl = await ctx.api.post(`${ORG}/sites`, {
      name: "x",
      rftemplate_id: "4ac1dcf4-9d8b-7211-65c4-057819f0862b",
    });
    expect(missingTpl.status).toBe(400);
    expect(missingTpl.body.detail).toBe("invalid field: rftemplate_id");
  });

  it("creates a site already bound to existing templates and a site group, and the ledger says so", async () => {
    const rf = (await ctx.api.post(`${ORG}/rftemplates`, { name: "rf" })).body.id;
    const group = (await ctx.api.post(`${ORG}/sitegroups`, { name: "bp-sites" })).body.id;
    const res = await ctx.api.post(`${ORG}/sites`, {
      name: "Bound",
      rftemplate_id: rf,
      sitegroup_ids: [group],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rftemplate_id: rf, sitegroup_ids: [group], gatewaytemplate_id: null });
    const creates = ctx.sim.state.ledger
      .list()
      .filter((e) => e.method === "POST" && e.path.endsWith("/sites"));
    expect(creates.map((e) => e.binds)).toEqual([["rftemplate_id", "sitegroup_ids"]]);

    await ctx.api.post(`${ORG}/sites`, { name: "Unbound" });
    expect(ctx.sim.state.ledger.list().at(-1)?.binds).toBeUndefined();
  });

  it("refuses a create bound to a site group the org does not have, naming the field", async () => {
    const res = await ctx.api.post(`${ORG}/sites`, {
      name: "x",
      sitegroup_ids: ["4ac1dcf4-9d8b-4211-85c4-057819f0862b"],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("invalid field: sitegroup_ids");
    expect((await ctx.api.get(`${ORG}/sites`)).body).toEqual([]);
  });

  it("answers malformed JSON with Mist's parse error", async () => {
    const res = await ctx.api.request("POST", `${ORG}/sites`, { raw: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^JSON parse error - /);
  });

  it("lists as a bare array with X-Page headers, paging with limit and page", async () => {
    for (const name of ["a", "b", "c", "d", "e"]) await ctx.api.post(`${ORG}/sites`, { name });
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const res = await ctx.api.get(`${ORG}/sites?limit=2&page=${page}`);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.headers.get("x-page-limit")).toBe("2");
      expect(res.headers.get("x-page-page")).toBe(String(page));
      expect(res.headers.get("x-page-total")).toBe("5");
      pages.push(res.body.map((s: { name: string }) => s.name));
    }
    expect(pages).toEqual([["a", "b"], ["c", "d"], ["e"], []]);
  });

  it("defaults limit to 100, clamps it to 1000 and rejects nonsense", async () => {
    const def = await ctx.api.get(`${ORG}/sites`);
    expect(def.headers.get("x-page-limit")).toBe("100");
    expect(def.headers.get("x-page-page")).toBe("1");
    const big = await ctx.api.get(`${ORG}/sites?limit=5000`);
    expect(big.headers.get("x-page-limit")).toBe("1000");
    const bad = await ctx.api.get(`${ORG}/sites?page=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe("invalid field: page");
  });

  it("updates partially: omitted fields stay, nulls unbind templates", async () => {
    const rf = await ctx.api.post(`${ORG}/rftemplates`, { name: "rf" });
    const site = await ctx.api.post(`${ORG}/sites`, {
      name: "s",
      address: "addr",
      notes: "n",
      rftemplate_id: rf.body.id,
    });
    const bound = await ctx.api.put(`/sites/${site.body.id}`, { name: "s", notes: "changed" });
    expect(bound.body).toMatchObject({
      name: "s",
      address: "addr",
      notes: "changed",
      rftemplate_id: rf.body.id,
    });
    expect(bound.body.created_time).toBe(site.body.created_time);
    const unbound = await ctx.api.put(`/sites/${site.body.id}`, { name: "s", rftemplate_id: null });
    expect(unbound.body.rftemplate_id).toBeNull();
    expect((await ctx.api.get(`/sites/${site.body.id}`)).body.rftemplate_id).toBeNull();
  });

  it("refuses a site update without name, as the operation's request schema requires it", async () => {
    const site = await ctx.api.post(`${ORG}/sites`, { name: "named", notes: "kept" });
    const res = await ctx.api.put(`/sites/${site.body.id}`, { notes: "changed" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("name");
    expect((await ctx.api.get(`/sites/${site.body.id}`)).body.notes).toBe("kept");
  });

  it("accepts duplicate site names", async () => {
    expect((await ctx.api.post(`${ORG}/sites`, { name: "dup" })).status).toBe(200);
    expect((await ctx.api.post(`${ORG}/sites`, { name: "dup" })).status).toBe(200);
  });

  it("deletes with 200 and an empty body, then 404s", async () => {
    const site = await ctx.api.post(`${ORG}/sites`, { name: "gone" });
    const del = await ctx.api.delete(`/sites/${site.body.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect((await ctx.api.get(`/sites/${site.body.id}`)).status).toBe(404);
    expect((await ctx.api.get(`/sites/${site.body.id}/setting`)).status).toBe(404);
  });

  it("searches names case-insensitively with * wildcards", async () => {
    for (const name of ["Paris-01", "paris-02", "Lyon-01"]) await ctx.api.post(`${ORG}/sites`, { name });
    const res = await ctx.api.get(`${ORG}/sites/search?name=PARIS*`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 2,
      limit: 100,
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(res.body.results.map((r: { name: string }) => r.name)).toEqual(["Paris-01", "paris-02"]);
    expect(res.body.results[0]).toMatchObject({ site_id: res.body.results[0].id, org_id: DEFAULT_ORG_ID });
    expect(res.body.next).toBeUndefined();
    const exact = await ctx.api.get(`${ORG}/sites/search?name=lyon-01`);
    expect(exact.body.total).toBe(1);
  });

  it("pages search results through `next`", async () => {
    for (const name of ["s1", "s2", "s3"]) await ctx.api.post(`${ORG}/sites`, { name });
    const first = await ctx.api.get(`${ORG}/sites/search?name=s*&limit=2`);
    expect(first.body.results).toHaveLength(2);
    expect(first.body.next).toMatch(/^\/api\/v1\/orgs\/.+\/sites\/search\?/);
    const second = await ctx.api.get(first.body.next.replace(/^\/api\/v1/, ""));
    expect(second.body.results.map((r: { name: string }) => r.name)).toEqual(["s3"]);
    expect(second.body.next).toBeUndefined();
  });
});
