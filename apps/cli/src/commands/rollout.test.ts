import type { RolloutPlan } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { formatRolloutPlan, parseWaves } from "./rollout";

describe("rollout command", () => {
  it("reads waves as counts, shares and site groups, and names the flag of a bad one", () => {
    expect(parseWaves("1, 25%,100%,sitegroup:sg-1")).toEqual([
      { sites: 1 },
      { percent: 25 },
      { percent: 100 },
      { sitegroup_id: "sg-1" },
    ]);
    expect(() => parseWaves("1,half")).toThrow('--waves: "half"');
  });

  it("prints each object with its field changes and each wave with its sites", () => {
    const plan: RolloutPlan = {
      blueprint: "branch",
      org_id: "org",
      target: { version: 2, digest: "d2" },
      from_versions: [1],
      objects: [
        {
          step: "s07",
          kind: "switch_template",
          name: "sw v2",
          action: "create",
          scope: "versioned",
          phase: "before_wave_1",
          copy_of: { name: "sw", mist_id: "x" },
          changes: [{ path: "port_usages.access.stp_edge", current: true, desired: false }],
        },
        {
          step: "s07",
          kind: "switch_template",
          name: "sw",
          action: "delete",
          scope: "versioned",
          phase: "after_last_wave",
        },
      ],
      sites: [
        {
          site_id: "s1",
          site_name: "Shop 1",
          from_version: 1,
          wave: 1,
          bindings: [{ path: "networktemplate_id", current: "x", desired: "y" }],
          missing_vars: [],
        },
      ],
      waves: [{ wave: 1, target: "percent 100", site_ids: ["s1"] }],
      summary: { create: 1, update: 0, unchanged: 0, delete: 1, sites: 1, writes: 3 },
      notes: ["no shared org object changes: only the sites of each wave see the new version"],
      problems: [],
      reads: 7,
    };
    const text = formatRolloutPlan(plan).join("\n");
    expect(text).toContain("rollout of branch to version 2 in org org (sites now on v1)");
    expect(text).toMatch(/switch_template\s+sw v2\s+create\s+copy of sw/);
    expect(text).toContain("port_usages.access.stp_edge: true → false");
    expect(text).toMatch(/sw\s+delete\s+\(after the last wave\)/);
    expect(text).toMatch(/wave 1\s+percent 100\s+1 sites\s+Shop 1/);
    expect(text).toContain("each moved site changes: networktemplate_id");
    expect(text).toContain(
      "1 to create, 0 to update, 0 unchanged, 1 to delete; 1 site(s) to move; 3 Mist write call(s); 7 read(s) made",
    );
  });
});
