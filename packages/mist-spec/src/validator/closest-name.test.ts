import { describe, expect, it } from "vitest";
import { closestName, levenshtein } from "./closest-name";

describe("closestName", () => {
  it("counts edits", () => {
    expect(levenshtein("vlan_idd", "vlan_id")).toBe(1);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
  });

  it("finds the name a misspelling meant, ignoring case", () => {
    expect(closestName("vlan_idd", ["vlan_id", "vlan_ids", "vlan_enabled"])).toBe("vlan_id");
    expect(closestName("SSID", ["ssid", "auth"])).toBe("ssid");
    expect(closestName("isolaton", ["isolation", "interface"])).toBe("isolation");
  });

  it("suggests nothing when no name is close", () => {
    expect(closestName("colour", ["vlan_id", "ssid"])).toBeUndefined();
    expect(closestName("x", [])).toBeUndefined();
  });
});
