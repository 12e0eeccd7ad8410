import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, OTHER_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const MAC = "2c6bf5b00001";

describe("Marvis config actions", () => {
  const ctx = useSim();
  const newSite = async () => (await ctx.api.post(`${ORG}/sites`, { name: "marvis" })).body.id as string;
  const record = (siteId: string, body: Record<string, unknown>) =>
    ctx.api.admin("POST", `/sites/${siteId}/marvis_configs`, body);

  it("lists what the hook recorded, newest first, with the spec's search envelope", async () => {
    const site = await newSite();
    const now = Math.floor(Date.now() / 1000);
    const first = await record(site, {
      mac: MAC,
      port_id: "ge-0/0/13",
      op: "disable_port",
      reason: "rogue_dhcp_server_detected",
      timestamp: now - 60,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ site_id: site, org_id: DEFAULT_ORG_ID, src: "marvis", type: "wired" });
    await record(site, { mac: MAC, port_id: "ge-0/0/14", op: "bounce_port" });
    const res = await ctx.api.get(`/sites/${site}/marvis_configs/search`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, limit: 100 });
    expect(res.body.start).toBeLessThan(res.body.end);
    expect(res.body.results.map((a: { port_id: string }) => a.port_id)).toEqual(["ge-0/0/14", "ge-0/0/13"]);
  });

  it("filters by field and window, and pages", async () => {
    const site = await newSite();
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++)
      await record(site, { mac: MAC, port_id: `ge-0/0/${i}`, op: "disable_port", timestamp: now - i });
    await record(site, { mac: "2c6bf5b00002", op: "update_mtu", timestamp: now - 3 * 86_400 });
    const byOp = await ctx.api.get(`/sites/${site}/marvis_configs/search?op=disable_port&port_id=ge-0/0/1`);
    expect(byOp.body.results).toHaveLength(1);
    expect((await ctx.api.get(`/sites/${site}/marvis_configs/search?mac=2c6bf5b00002`)).body.total).toBe(0);
    expect(
      (await ctx.api.get(`/sites/${site}/marvis_configs/search?mac=2c6bf5b00002&duration=1w`)).body.total,
    ).toBe(1);
    const page2 = await ctx.api.get(`/sites/${site}/marvis_configs/search?limit=2&page=2`);
    expect(page2.body).toMatchObject({ total: 3, limit: 2 });
    expect(page2.body).not.toHaveProperty("page");
    expect(page2.body.results).toHaveLength(1);
    expect((await ctx.api.get(`/sites/${site}/marvis_configs/search?vlan_ids=x`)).status).toBe(400);
  });

  it("refuses another org's token and an unknown site", async () => {
    const site = await newSite();
    expect((await ctx.api.get(`/sites/${site}/marvis_configs/search`, { token: OTHER_TOKEN })).status).toBe(
      403,
    );
    expect((await record("00000000-0000-4000-8000-000000000009", { mac: MAC, op: "x" })).status).toBe(404);
    expect((await record(site, { mac: "nope", op: "x" })).status).toBe(400);
  });
});
