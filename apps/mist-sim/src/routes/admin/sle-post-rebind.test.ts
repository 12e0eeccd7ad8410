import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, defaultClaimCodes } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;
const T0 = 1_800_000_000_000;
let now = T0;

describe("post-rebind SLEs (/__sim/sites/{id}/sle/post-rebind)", () => {
  const ctx = useSim({ clock: () => now });
  beforeEach(() => {
    now = T0;
  });

  async function siteWithAp() {
    const site = (await ctx.api.post(`${ORG}/sites`, { name: "bad-config" })).body.id as string;
    const macs = (
      await ctx.api.post(`${ORG}/inventory`, defaultClaimCodes("ap", 1))
    ).body.inventory_added.map((d: { mac: string }) => d.mac);
    await ctx.api.put(`${ORG}/inventory`, { op: "assign", site_id: site, macs });
    return site;
  }
  const coverageNow = async (site: string) =>
    (await ctx.api.admin("GET", `/sites/${site}/sle`)).body.current.coverage as number;

  it("drops the site's SLEs from the moment its template binding changes, not on other edits", async () => {
    const site = await siteWithAp();
    const rf = (await ctx.api.post(`${ORG}/rftemplates`, { name: "rf-new" })).body.id as string;
    const baseline = await coverageNow(site);
    const set = await ctx.api.admin("PUT", `/sites/${site}/sle/post-rebind`, { values: { coverage: 0.4 } });
    expect(set.body).toEqual({ site_id: site, values: { coverage: 0.4 } });

    now = T0 + 1_000;
    await ctx.api.put(`/sites/${site}`, { name: "bad-config", notes: "a note is no rebind" });
    expect(await coverageNow(site)).toBe(baseline);
    now = T0 + 2_000;
    await ctx.api.put(`/sites/${site}`, { name: "bad-config", rftemplate_id: rf });
    expect(await coverageNow(site)).toBe(0.4);
    expect((await ctx.api.admin("GET", `/sites/${site}/sle`)).body.overrides.coverage).toEqual([
      { at: T0 + 2_000, value: 0.4 },
    ]);
    expect((await ctx.api.admin("DELETE", `/sites/${site}/sle/post-rebind`)).status).toBe(200);
    expect((await ctx.api.admin("GET", `/sites/${site}/sle/post-rebind`)).body.values).toEqual({});
  });
});
