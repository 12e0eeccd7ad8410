import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, READONLY_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("site settings", () => {
  const ctx = useSim();
  const newSite = async (body: Record<string, unknown> = {}) =>
    (await ctx.api.post(`${ORG}/sites`, { name: "site", ...body })).body;

  it("exists as soon as the site does", async () => {
    const site = await newSite();
    const res = await ctx.api.get(`/sites/${site.id}/setting`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ site_id: site.id, org_id: DEFAULT_ORG_ID, vars: {} });
    expect(res.body.id).toEqual(expect.any(String));
  });

  it("replaces vars wholesale and keeps other top-level fields", async () => {
    const site = await newSite();
    await ctx.api.put(`/sites/${site.id}/setting`, {
      vars: { SITE_ID: "1", RADIUS_IP: "10.0.0.1" },
      ntp_servers: ["pool.ntp.org"],
    });
    const res = await ctx.api.put(`/sites/${site.id}/setting`, { vars: { SITE_ID: "2" } });
    expect(res.status).toBe(200);
    expect(res.body.vars).toEqual({ SITE_ID: "2" });
    expect(res.body.ntp_servers).toEqual(["pool.ntp.org"]);
    expect((await ctx.api.get(`/sites/${site.id}/setting`)).body.vars).toEqual({ SITE_ID: "2" });
  });

  it("requires string var values", async () => {
    const site = await newSite();
    const res = await ctx.api.put(`/sites/${site.id}/setting`, { vars: { VLAN: 10 } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("invalid field: vars.VLAN");
  });

  it("derives the setting from bound templates, site level winning", async () => {
    const nt = await ctx.api.post(`${ORG}/networktemplates`, {
      name: "switch",
      networks: { corp: { vlan_id: 10 }, guest: { vlan_id: 20 } },
      dns_servers: ["1.1.1.1"],
    });
    const site = await newSite({ networktemplate_id: nt.body.id });
    await ctx.api.put(`/sites/${site.id}/setting`, {
      vars: { A: "b" },
      networks: { guest: { vlan_id: 30 } },
    });
    const res = await ctx.api.get(`/sites/${site.id}/setting/derived`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      vars: { A: "b" },
      dns_servers: ["1.1.1.1"],
      networks: { corp: { vlan_id: 10 }, guest: { vlan_id: 30 } },
      site_id: site.id,
    });
    expect(res.body.name).toBeUndefined();
  });

  it("is read-only for read tokens", async () => {
    const site = await newSite();
    const ro = ctx.api.withToken(READONLY_TOKEN);
    expect((await ro.get(`/sites/${site.id}/setting`)).status).toBe(200);
    expect((await ro.put(`/sites/${site.id}/setting`, { vars: {} })).status).toBe(403);
  });
});
