import { describe, expect, it } from "vitest";
import { allocatorKeys, hasHashTag } from "./keys";

describe("allocator keys", () => {
  it("require a non-empty hash tag so Redis Cluster keeps them in one slot", () => {
    expect(hasHashTag("{mistflow}:")).toBe(true);
    expect(hasHashTag("app:{t}:")).toBe(true);
    for (const bad of ["mistflow:", "{}:", "{open", "}only"]) expect(hasHashTag(bad)).toBe(false);
    expect(() => allocatorKeys("mistflow:")).toThrow(/hash tag/);
  });

  it("share the prefix and never embed site names", () => {
    const keys = allocatorKeys("{m}:");
    expect([keys.sites, keys.layout, keys.used("NA-EAST"), keys.owners("NA-EAST")]).toEqual([
      "{m}:ipam:sites",
      "{m}:ipam:layout",
      "{m}:ipam:zone:NA-EAST:used",
      "{m}:ipam:zone:NA-EAST:owners",
    ]);
  });
});
