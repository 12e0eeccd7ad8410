import { DEFAULT_UPGRADE_WAVES } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { planWaves } from "./plan-waves";

const sites = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

describe("planWaves", () => {
  it("turns the default waves over 20 sites into canary device, canary site, 10 %, 50 %, 100 %", () => {
    const plan = planWaves(sites(20), DEFAULT_UPGRADE_WAVES);
    expect(plan.map((w) => [w.wave, w.sites, w.device_limit])).toEqual([
      [1, ["s1"], 1],
      [2, ["s1"], undefined],
      [3, ["s2"], undefined],
      [4, sites(10).slice(2), undefined],
      [5, sites(20).slice(10), undefined],
    ]);
    expect(plan.map((w) => w.label)).toEqual([
      "canary: 1 device",
      "1 site",
      "10% (2 of 20 sites)",
      "50% (10 of 20 sites)",
      "100% (20 of 20 sites)",
    ]);
  });

  it("rounds percentages up and drops waves that would add no site", () => {
    // 10 % of 3 sites is 1 site, already done by the canary site wave.
    const plan = planWaves(sites(3), DEFAULT_UPGRADE_WAVES);
    expect(plan.map((w) => w.sites)).toEqual([["s1"], ["s1"], ["s2"], ["s3"]]);
    expect(plan.map((w) => w.wave)).toEqual([1, 2, 3, 4]);
  });

  it("is exact where floating point is not: 10 % of 30 sites is 3 sites", () => {
    const plan = planWaves(sites(30), [{ percent: 10 }, { percent: 100 }]);
    expect(plan.map((w) => w.sites.length)).toEqual([3, 27]);
  });

  it("covers every site exactly once, in order, whatever the waves", () => {
    for (const n of [1, 2, 7, 99, 1000]) {
      const plan = planWaves(sites(n), [{ sites: 2 }, { percent: 33.3 }, { percent: 100 }]);
      expect(plan.flatMap((w) => w.sites)).toEqual(sites(n));
    }
  });

  it("caps a site count at the number of sites", () => {
    const plan = planWaves(sites(2), [{ sites: 5 }, { percent: 100 }]);
    expect(plan).toEqual([{ wave: 1, label: "2 sites", sites: ["s1", "s2"] }]);
  });

  it("plans a canary of several devices on the first site only", () => {
    const plan = planWaves(sites(4), [{ devices: 3 }, { percent: 100 }]);
    expect(plan[0]).toEqual({ wave: 1, label: "canary: 3 devices", sites: ["s1"], device_limit: 3 });
    expect(plan[1]?.sites).toEqual(sites(4));
  });
});
