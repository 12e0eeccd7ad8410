import { describe, expect, it } from "vitest";
import { DEMO_ORG } from "./support/stack-under-test";
import { type Json, type Site, TARGET } from "./support/upgrades-fixture";
import { inProcessUpgradesSuite } from "./support/upgrades-suite";

/**
 * What a firmware rollout refuses or halts on before it moves devices: a site group's sites, a
 * model or version the sites do not offer, AP auto-upgrade turned on mid-rollout, failures beyond
 * `max_failures`. The waves themselves are in upgrades.int.test.ts; these add no Redis path of
 * their own, so the cluster pass leaves them out.
 */
describe("canary firmware upgrades: what refuses or halts a rollout", () => {
  const {
    stack,
    api,
    ended,
    makeSites,
    mist,
    request,
    simAdmin,
    simUpgrades,
    upgradeCounts,
    upgradePosts,
    versionChecksAndUpgrades,
    versions,
    waitFor,
  } = inProcessUpgradesSuite("upgrades-gates");

  it("a site group picks its sites and nothing else; a model the sites do not offer is refused", async () => {
    const inGroup = await makeSites("group", 2, 1);
    const [outside] = await makeSites("outside", 1, 1);
    if (!outside) throw new Error("a site outside the group expected");
    const group = await mist("POST", `/orgs/${DEMO_ORG}/sitegroups`, { name: `ring-${Date.now()}` });
    for (const site of inGroup)
      await mist("PUT", `/sites/${site.id}`, { name: site.name, sitegroup_ids: [group.id] });
    const byGroup = (extra: Record<string, unknown>) => {
      const { sites: _bySite, ...rest } = request([], extra);
      return { ...rest, sitegroup_id: group.id };
    };

    const unknownModel = await api("POST", "/v1/upgrades", byGroup({ models: ["AP99"] }));
    expect(unknownModel.status).toBe(422);
    expect(unknownModel.body.issues[0].message).toContain("AP99");

    const res = await api("POST", "/v1/upgrades", byGroup({ models: ["AP45"], waves: [{ percent: 100 }] }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect([...res.body.waves[0].sites].sort()).toEqual(inGroup.map((s) => s.id).sort());
    const view = await waitFor(res.body.id, ended);
    expect(view.status, JSON.stringify(view.halt)).toBe("succeeded");
    for (const site of inGroup) expect(Object.values(await versions(site.id))).toEqual([TARGET]);
    expect(Object.values(await versions(outside.id))).not.toContain(TARGET);
  });

  it("a version the sites do not offer is a 422 naming the field, and nothing is enqueued", async () => {
    const sites = await makeSites("badver", 2, 1);
    const before = await api("GET", "/v1/upgrades?limit=500");
    const jobsBefore = await stack().jobCount();
    const res = await api("POST", "/v1/upgrades", request(sites, { version: "9.9.9" }));
    expect(res.status).toBe(422);
    expect(res.body.issues[0].field).toBe("version");
    expect(res.body.message).toContain("9.9.9");
    const bad = await api("POST", "/v1/upgrades", request(sites, { waves: [{ percent: 50 }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("waves[0]");
    expect((await api("GET", "/v1/upgrades?limit=500")).body).toHaveLength(before.body.length);
    expect(await stack().jobCount()).toBe(jobsBefore);
    expect(await upgradePosts()).toEqual([]);
    // The refusal came from what Mist offers, not from a guess.
    expect(await versionChecksAndUpgrades(sites.map((s) => s.id))).toContain(
      `GET /sites/${sites[0]?.id}/devices/versions`,
    );
  });

  it("AP auto-upgrade turned on for a later wave's site during the canary halts that wave before it starts", async () => {
    const sites = await makeSites("auto", 2, 1);
    const [canary, later] = sites as [Site, Site];
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { percent: 100 }], soak_seconds: 2 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;
    const soaking = await waitFor(id, (v) => v.waves[0]?.state === "soaking" || ended(v));
    expect(soaking.waves[0].state, JSON.stringify(soaking.halt)).toBe("soaking");
    // Someone turns auto-upgrade on for the second wave's site while the canary soaks.
    await mist("PUT", `/sites/${later.id}/setting`, { auto_upgrade: { enabled: true } });

    const view = await waitFor(id, ended);
    expect(view.status).toBe("halted");
    expect(view.halt).toMatchObject({ wave: 2, kind: "auto_upgrade" });
    expect(view.halt.reason).toContain(later.name);
    expect(view.waves.map((w: Json) => w.state)).toEqual(["succeeded", "halted"]);
    // Mist was never asked to upgrade the second site.
    const upgrades = await simUpgrades();
    expect(upgrades.map((u) => u.site_id)).toEqual([canary.id]);

    // Turned off again, the rollout resumes and finishes the second wave.
    await mist("PUT", `/sites/${later.id}/setting`, { auto_upgrade: { enabled: false } });
    expect((await api("POST", `/v1/upgrades/${id}/resume`)).status).toBe(202);
    const done = await waitFor(id, (v) => v.generation === 1 && ended(v));
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(Object.keys(upgradeCounts(await simUpgrades())).sort()).toEqual(
      sites.flatMap((s) => s.macs).sort(),
    );
  });

  it("device failures beyond max_failures halt the rollout after their wave", async () => {
    const sites = await makeSites("fail", 3, 2);
    const failing = sites[1]?.macs[0] as string;
    await simAdmin("PUT", "/firmware/failures", { macs: [failing] });
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { sites: 2 }, { percent: 100 }], max_failures: 0 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    const view = await waitFor(res.body.id, ended);
    expect(view.status).toBe("halted");
    expect(view.halt).toMatchObject({ wave: 2, kind: "failures" });
    expect(view.waves.map((w: Json) => w.state)).toEqual(["succeeded", "halted", "pending"]);
    expect(view.waves[1]).toMatchObject({ failed: 1, failed_total: 1 });
    expect(view.sites[sites[1]?.id as string].devices[failing]).toMatchObject({ state: "failed", wave: 2 });
    // The third site was never touched.
    const upgrades = await simUpgrades();
    expect(upgrades.some((u) => u.site_id === sites[2]?.id)).toBe(false);
    expect(Object.values(await versions(sites[2]?.id as string)).every((v) => v !== TARGET)).toBe(true);
  });
});
