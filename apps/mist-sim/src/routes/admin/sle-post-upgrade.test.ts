import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, defaultClaimCodes } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const T0 = 1_800_000_000_000;
const STAGE = 2000;
let now = T0;

describe("post-upgrade SLEs (/__sim/sites/{id}/sle/post-upgrade)", () => {
  const ctx = useSim({ clock: () => now });
  beforeEach(() => {
    now = T0;
  });

  async function siteWithAp() {
    const site = (await ctx.api.post(`${ORG}/sites`, { name: "bad-build" })).body.id as string;
    const macs = (
      await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("ap", 1))
    ).body.inventory_added.map((d: { mac: string }) => d.mac);
    await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: site, macs });
    return site;
  }

  const coverageNow = async (site: string) =>
    (await ctx.api.admin("GET", `/sites/${site}/sle`)).body.current.coverage as number;

  it("drops the site's SLEs from the moment a device finishes its upgrade, not before", async () => {
    const site = await siteWithAp();
    const baseline = await coverageNow(site);
    const set = await ctx.api.admin("PUT", `/sites/${site}/sle/post-upgrade`, {
      values: { coverage: 0.5, "failed-to-connect": 0.6 },
    });
    expect(set.body).toEqual({ site_id: site, values: { coverage: 0.5, "successful-connect": 0.6 } });
    expect(await coverageNow(site)).toBe(baseline);

    const upgrade = await ctx.api.post(`/sites/${site}/devices/upgrade`, { version: "0.14.29633" });
    expect(upgrade.status).toBe(200);
    now = T0 + 3 * STAGE; // downloading: nothing has changed yet
    expect(await coverageNow(site)).toBe(baseline);
    now = T0 + 4 * STAGE + 1; // the AP has rebooted into the new build
    expect(await coverageNow(site)).toBe(0.5);
    const overrides = (await ctx.api.admin("GET", `/sites/${site}/sle`)).body.overrides;
    expect(overrides.coverage).toEqual([{ at: T0 + 4 * STAGE, value: 0.5 }]);
    expect(overrides["successful-connect"]).toEqual([{ at: T0 + 4 * STAGE, value: 0.6 }]);
  });

  it("leaves SLEs alone without the setting, and forgets it on DELETE", async () => {
    const site = await siteWithAp();
    const baseline = await coverageNow(site);
    await ctx.api.admin("PUT", `/sites/${site}/sle/post-upgrade`, { values: { coverage: 0.5 } });
    expect((await ctx.api.admin("DELETE", `/sites/${site}/sle/post-upgrade`)).status).toBe(200);
    await ctx.api.post(`/sites/${site}/devices/upgrade`, { version: "0.14.29633" });
    now = T0 + 5 * STAGE;
    expect(await coverageNow(site)).toBe(baseline);
    expect((await ctx.api.admin("GET", `/sites/${site}/sle/post-upgrade`)).body.values).toEqual({});
  });

  it("rejects unknown metrics and values outside 0..1", async () => {
    const site = await siteWithAp();
    expect(
      (await ctx.api.admin("PUT", `/sites/${site}/sle/post-upgrade`, { values: { foo: 0.5 } })).status,
    ).toBe(400);
    expect(
      (await ctx.api.admin("PUT", `/sites/${site}/sle/post-upgrade`, { values: { coverage: 2 } })).status,
    ).toBe(400);
  });

  it("lists every upgrade as created under /__sim/orgs/{org}/upgrades", async () => {
    const site = await siteWithAp();
    const id = (await ctx.api.post(`/sites/${site}/devices/upgrade`, { version: "0.14.29633" })).body
      .upgrade_id;
    const all = (await ctx.api.admin("GET", `/orgs/${DEFAULT_ORG_ID}/upgrades`)).body;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id, site_id: site, skipped: [] });
    expect(Object.values(all[0].targets)).toEqual(["0.14.29633"]);
  });
});
