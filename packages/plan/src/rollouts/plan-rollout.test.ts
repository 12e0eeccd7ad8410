import type { SiteBinding } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { resolveWaves } from "./plan-rollout";

const bound = (n: number): SiteBinding[] =>
  Array.from({ length: n }, (_, i) => ({
    org_id: "org",
    site_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    site_name: `Site ${i}`,
    blueprint: "branch",
    version: 1,
    digest: "d1",
    bound_by: "dep",
    bound_at: "2026-12-07T00:00:00.000Z",
  }));

describe("resolveWaves", () => {
  const sites = bound(12);
  const id = (i: number) => sites[i]?.site_id as string;

  it("cuts cumulative counts and shares, rounding up, and drops a wave that adds nothing", () => {
    const { waves, issues } = resolveWaves(
      sites,
      [{ sites: 1 }, { percent: 5 }, { percent: 25 }, { percent: 100 }],
      () => [],
    );
    expect(issues).toEqual([]);
    expect(waves.map((w) => [w.wave, w.target, w.site_ids.length])).toEqual([
      [1, "sites 1", 1],
      [2, "percent 25", 2],
      [3, "percent 100", 9],
    ]);
    expect(waves.flatMap((w) => w.site_ids)).toEqual(sites.map((s) => s.site_id));
  });

  it("takes named sites and a site group's sites first, each once", () => {
    const { waves } = resolveWaves(
      sites,
      [
        { site_ids: [id(5), id(5)] },
        { sitegroup_id: "00000000-0000-4000-8000-0000000000aa" },
        { percent: 100 },
      ],
      (siteId) => (siteId === id(2) || siteId === id(5) ? ["00000000-0000-4000-8000-0000000000aa"] : []),
    );
    expect(waves.map((w) => w.site_ids)).toEqual([
      [id(5)],
      [id(2)],
      sites.map((s) => s.site_id).filter((s) => s !== id(5) && s !== id(2)),
    ]);
  });

  it("names the field of a site that is not bound to the blueprint", () => {
    const { issues } = resolveWaves(
      sites,
      [{ site_ids: [id(0), "00000000-0000-4000-8000-00000000beef"] }, { percent: 100 }],
      () => [],
    );
    expect(issues).toEqual([
      {
        field: "waves[0].site_ids[1]",
        message: expect.stringContaining("not a site of this org bound to the blueprint"),
      },
    ]);
  });
});
