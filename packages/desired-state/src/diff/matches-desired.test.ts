import { describe, expect, it } from "vitest";
import { matchesDesired } from "./matches-desired";

describe("matchesDesired", () => {
  const mist = {
    id: "a",
    org_id: "o",
    created_time: 1,
    name: "rb-data",
    vlan_id: "{{data_vlan}}",
    internet_access: { enabled: true, restricted: false },
    tags: ["x", "y"],
  };

  it("ignores fields Mist adds and compares only what we send", () => {
    expect(matchesDesired({ name: "rb-data", vlan_id: "{{data_vlan}}" }, mist)).toBe(true);
    expect(matchesDesired({ internet_access: { enabled: true } }, mist)).toBe(true);
  });

  it("sees drift in values, nested values and array contents", () => {
    expect(matchesDesired({ vlan_id: "{{iot_vlan}}" }, mist)).toBe(false);
    expect(matchesDesired({ internet_access: { enabled: false } }, mist)).toBe(false);
    expect(matchesDesired({ tags: ["x"] }, mist)).toBe(false);
    expect(matchesDesired({ tags: ["y", "x"] }, mist)).toBe(false);
    expect(matchesDesired({ missing: 1 }, mist)).toBe(false);
  });

  it("does not mistake an object for an array or null for an object", () => {
    expect(matchesDesired({ tags: {} }, mist)).toBe(false);
    expect(matchesDesired({ internet_access: null }, mist)).toBe(false);
    expect(matchesDesired({ a: {} }, { a: null })).toBe(false);
  });

  it("compares only what we send, in order", () => {
    const mist = { id: "a", name: "n", tags: ["x", "y"], nested: { a: 1, b: 2 } };
    expect(matchesDesired({ name: "n", nested: { a: 1 } }, mist)).toBe(true);
    expect(matchesDesired({ tags: ["y", "x"] }, mist)).toBe(false);
    expect(matchesDesired({ nested: [] }, mist)).toBe(false);
  });
});
