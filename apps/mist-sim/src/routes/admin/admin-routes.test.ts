import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, defaultClaimCodes, OTHER_ORG_ID } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("/__sim admin API", () => {
  const ctx = useSim();

  async function buildSomeState(): Promise<string> {
    const site = (await ctx.api.post(`${ORG}/sites`, { name: "HQ" })).body;
    await ctx.api.put(`/sites/${site.id}/setting`, { vars: { A: "1" } });
    await ctx.api.post(`${ORG}/networks`, { name: "corp" });
    await ctx.api.post(`${ORG}/psks`, { name: "p", passphrase: "12345678", ssid: "s" });
    const claimed = await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("ap", 2));
    await ctx.api.put(`${ORG}/inventory`, {
      op: "assign",
      site_id: site.id,
      macs: [claimed.body.inventory_added[0].mac],
    });
    return site.id;
  }

  it("is healthy", async () => {
    expect((await ctx.api.admin("GET", "/health")).body).toEqual({ ok: true });
  });

  it("counts objects per org and calls by status and token", async () => {
    await buildSomeState();
    await ctx.api.get("/self", { token: null });
    const res = await ctx.api.admin("GET", "/counts");
    expect(res.body.orgs[DEFAULT_ORG_ID]).toEqual({
      sites: 1,
      services: 0,
      networks: 1,
      deviceprofiles: 0,
      gatewaytemplates: 0,
      networktemplates: 0,
      templates: 0,
      rftemplates: 0,
      wlans: 0,
      wxtags: 0,
      wxrules: 0,
      psks: 1,
      sitegroups: 0,
      vpns: 0,
      inventory_claimed: 2,
      devices_assigned: 1,
    });
    expect(res.body.orgs[OTHER_ORG_ID]).toMatchObject({ inventory_claimed: 2, devices_assigned: 0 });
    expect(res.body.calls).toEqual({
      total: 7,
      by_status: { "200": 6, "401": 1 },
      by_token: { demo: 6, anonymous: 1 },
    });
  });

  it("dumps every object of a kind without paging", async () => {
    const siteId = await buildSomeState();
    for (let i = 0; i < 120; i++) await ctx.api.post(`${ORG}/wxtags`, { name: `t${i}`, type: "client" });
    expect((await ctx.api.admin("GET", `${ORG}/wxtags`)).body).toHaveLength(120);
    expect((await ctx.api.admin("GET", `${ORG}/sites`)).body.map((s: { id: string }) => s.id)).toEqual([
      siteId,
    ]);
    const settings = (await ctx.api.admin("GET", `${ORG}/settings`)).body;
    expect(settings[siteId].vars).toEqual({ A: "1" });
    expect((await ctx.api.admin("GET", `${ORG}/inventory`)).body).toHaveLength(2);
    expect((await ctx.api.admin("GET", `${ORG}/devices`)).body).toHaveLength(1);
    expect((await ctx.api.admin("GET", `${ORG}/nonsense`)).status).toBe(404);
    expect((await ctx.api.admin("GET", "/orgs/unknown/sites")).status).toBe(404);
  });

  it("resets to the seed, clearing ledger and faults", async () => {
    await buildSomeState();
    await ctx.api.admin("POST", "/faults", { path: "^/nothing$" });
    expect((await ctx.api.admin("POST", "/reset")).body).toEqual({ ok: true });
    expect((await ctx.api.admin("GET", "/ledger")).body).toEqual([]);
    expect((await ctx.api.admin("GET", "/faults")).body).toEqual([]);
    const counts = (await ctx.api.admin("GET", "/counts")).body;
    expect(counts.orgs[DEFAULT_ORG_ID]).toMatchObject({ sites: 0, inventory_claimed: 0 });
    expect(counts.calls.total).toBe(0);
  });

  it("snapshots and restores the world", async () => {
    const siteId = await buildSomeState();
    const snap = (await ctx.api.admin("POST", "/snapshot")).body;
    expect(snap).toMatchObject({ format: "mist-sim-snapshot", version: 1 });
    expect(JSON.stringify(snap)).not.toContain("sim-demo-token");

    await ctx.api.delete(`/sites/${siteId}`);
    await ctx.api.post(`${ORG}/networks`, { name: "later" });
    expect((await ctx.api.admin("POST", "/restore", snap)).body).toEqual({ ok: true });

    expect((await ctx.api.get(`/sites/${siteId}`)).body.name).toBe("HQ");
    expect((await ctx.api.get(`/sites/${siteId}/setting`)).body.vars).toEqual({ A: "1" });
    expect((await ctx.api.get(`/sites/${siteId}/devices`)).body).toHaveLength(1);
    expect((await ctx.api.get(`${ORG}/networks`)).body.map((n: { name: string }) => n.name)).toEqual([
      "corp",
    ]);
    const dup = await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("ap", 1));
    expect(dup.body.duplicated).toHaveLength(1);
  });

  it("rejects an invalid snapshot and keeps the current world", async () => {
    await buildSomeState();
    const res = await ctx.api.admin("POST", "/restore", { format: "something-else" });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("invalid snapshot");
    expect((await ctx.api.get(`${ORG}/sites`)).body).toHaveLength(1);
  });
});
