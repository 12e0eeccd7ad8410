import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const UUID = "4ac1dcf4-9d8b-7211-65c4-057819f0862b";

/** Per collection: a minimal valid body and the field whose absence must be reported. */
const CASES: Array<{ kind: string; body: Record<string, unknown>; required: string | null }> = [
  { kind: "services", body: { name: "web", addresses: ["10.0.0.0/8"] }, required: "name" },
  { kind: "networks", body: { name: "corp", subnet: "10.1.0.0/24", vlan_id: 10 }, required: "name" },
  { kind: "deviceprofiles", body: { name: "hub", type: "gateway" }, required: "name" },
  { kind: "gatewaytemplates", body: { name: "spoke", type: "spoke" }, required: "name" },
  { kind: "networktemplates", body: { name: "switches" }, required: null },
  { kind: "templates", body: { name: "wlan-tpl", applies: { site_ids: [UUID] } }, required: "name" },
  { kind: "rftemplates", body: { name: "rf", country_code: "US" }, required: "name" },
  { kind: "wlans", body: { ssid: "corp", auth: { type: "psk", psk: "supersecret" } }, required: "ssid" },
  {
    kind: "wxtags",
    body: { name: "VIP", type: "match", match: "psk_role", values: ["vip"] },
    required: "type",
  },
  {
    kind: "wxrules",
    body: { order: 1, src_wxtags: [], dst_allow_wxtags: [], dst_deny_wxtags: [], action: "allow" },
    required: "src_wxtags",
  },
  { kind: "sitegroups", body: { name: "EMEA" }, required: "name" },
  { kind: "vpns", body: { name: "overlay", paths: { hub1: {} } }, required: "paths" },
];

describe("org collections", () => {
  const ctx = useSim();

  for (const { kind, body, required } of CASES) {
    describe(kind, () => {
      it("creates with 200, keeps the body and adds id, org_id and times", async () => {
        const res = await ctx.api.post(`${ORG}/${kind}`, body);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject(body);
        expect(res.body).toMatchObject({ id: expect.any(String), org_id: DEFAULT_ORG_ID });
        expect(res.body.created_time).toEqual(expect.any(Number));
        expect(res.body.modified_time).toEqual(res.body.created_time);
        const type = typeof body.type === "string" && kind === "deviceprofiles" ? `?type=${body.type}` : "";
        const list = await ctx.api.get(`${ORG}/${kind}${type}`);
        expect(list.body.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
      });

      if (required) {
        it(`names the missing required field ${required}`, async () => {
          const { [required]: _omitted, ...rest } = body;
          const res = await ctx.api.post(`${ORG}/${kind}`, rest);
          expect(res.status).toBe(400);
          expect(res.body).toEqual({ detail: `invalid field: ${required}`, reason: "field is required" });
        });
      }

      it("gets, updates partially and deletes by id", async () => {
        const created = (await ctx.api.post(`${ORG}/${kind}`, body)).body;
        const path = `${ORG}/${kind}/${created.id}`;
        expect((await ctx.api.get(path)).body).toEqual(created);
        const updated = await ctx.api.put(path, { note: "updated", id: "ignored" });
        expect(updated.status).toBe(200);
        expect(updated.body).toMatchObject({ ...body, note: "updated", id: created.id });
        const del = await ctx.api.delete(path);
        expect(del.status).toBe(200);
        expect(del.text).toBe("");
        const gone = await ctx.api.get(path);
        expect(gone.status).toBe(404);
        expect(gone.body).toEqual({ detail: "Not found." });
      });
    });
  }

  it("accepts duplicate names (Mist declares no uniqueness)", async () => {
    expect((await ctx.api.post(`${ORG}/networks`, { name: "same" })).status).toBe(200);
    expect((await ctx.api.post(`${ORG}/networks`, { name: "same" })).status).toBe(200);
    expect((await ctx.api.get(`${ORG}/networks`)).body).toHaveLength(2);
  });

  it("validates typed fields, naming nested arrays", async () => {
    const tag = await ctx.api.post(`${ORG}/wxtags`, { name: "x", type: "nonsense" });
    expect(tag.body.detail).toBe("invalid field: type");
    const tpl = await ctx.api.post(`${ORG}/templates`, { name: "t", applies: { site_ids: ["nope"] } });
    expect(tpl.body.detail).toBe("invalid field: applies.site_ids");
    expect(tpl.body.reason).toMatch(/^item 0: /);
  });

  it("pages every collection with limit and page", async () => {
    for (let i = 0; i < 3; i++) await ctx.api.post(`${ORG}/wlans`, { ssid: `ssid-${i}` });
    const res = await ctx.api.get(`${ORG}/wlans?limit=2&page=2`);
    expect(res.headers.get("x-page-total")).toBe("3");
    expect(res.body.map((w: { ssid: string }) => w.ssid)).toEqual(["ssid-2"]);
  });

  it("lists device profiles of type ap unless ?type is given", async () => {
    await ctx.api.post(`${ORG}/deviceprofiles`, { name: "ap-profile", type: "ap" });
    await ctx.api.post(`${ORG}/deviceprofiles`, { name: "hub", type: "gateway" });
    const names = async (q: string) =>
      (await ctx.api.get(`${ORG}/deviceprofiles${q}`)).body.map((p: { name: string }) => p.name);
    expect(await names("")).toEqual(["ap-profile"]);
    expect(await names("?type=gateway")).toEqual(["hub"]);
  });

  it("derives sitegroup.site_ids from the sites' sitegroup_ids", async () => {
    const group = (await ctx.api.post(`${ORG}/sitegroups`, { name: "EMEA", site_ids: ["ignored"] })).body;
    expect(group.site_ids).toEqual([]);
    const site = (await ctx.api.post(`${ORG}/sites`, { name: "Paris", sitegroup_ids: [group.id] })).body;
    expect((await ctx.api.get(`${ORG}/sitegroups/${group.id}`)).body.site_ids).toEqual([site.id]);
    await ctx.api.delete(`${ORG}/sitegroups/${group.id}`);
    expect((await ctx.api.get(`/sites/${site.id}`)).body.sitegroup_ids).toEqual([]);
  });
});
