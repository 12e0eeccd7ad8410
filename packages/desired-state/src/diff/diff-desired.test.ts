import { describe, expect, it } from "vitest";
import { diffDesired, isMasked } from "./diff-desired";
import { matchesDesired } from "./matches-desired";

const mist = {
  id: "3b1c",
  org_id: "o-1",
  created_time: 1_700_000_000,
  modified_time: 1_700_000_100,
  name: "rb-data",
  vlan_id: "{{data_vlan}}",
  isolation: false,
  internet_access: { enabled: true, restricted: false },
  port_config: { "ge-0/0/0": { usage: "wan", ip_config: { type: "dhcp" } } },
  channels: [36, 40, 44],
  auth: { type: "psk", psk: "********" },
};

describe("diffDesired", () => {
  it("finds nothing when every field we set matches, whatever Mist added", () => {
    expect(
      diffDesired({ name: "rb-data", vlan_id: "{{data_vlan}}", internet_access: { enabled: true } }, mist),
    ).toEqual({ changes: [], unknown: [] });
  });

  it("never compares Mist's own fields, even when a body carries them", () => {
    expect(diffDesired({ id: "other", org_id: "o-2", created_time: 1, name: "rb-data" }, mist)).toEqual({
      changes: [],
      unknown: [],
    });
  });

  it("names the nested field that changed, with both values", () => {
    const diff = diffDesired(
      {
        port_config: { "ge-0/0/0": { usage: "lan", ip_config: { type: "dhcp" } } },
        internet_access: { enabled: false },
      },
      mist,
    );
    expect(diff.changes).toEqual([
      { path: 'port_config["ge-0/0/0"].usage', current: "wan", desired: "lan" },
      { path: "internet_access.enabled", current: true, desired: false },
    ]);
  });

  it("says a field is missing in Mist by leaving `current` out", () => {
    const { changes } = diffDesired({ notes: "Flagship" }, mist);
    expect(changes).toEqual([{ path: "notes", desired: "Flagship" }]);
    expect(changes[0] && "current" in changes[0]).toBe(false);
  });

  it("compares arrays element by element, and a different length as one change", () => {
    expect(diffDesired({ channels: [36, 48, 44] }, mist).changes).toEqual([
      { path: "channels[1]", current: 40, desired: 48 },
    ]);
    expect(diffDesired({ channels: [36, 40] }, mist).changes).toEqual([
      { path: "channels", current: [36, 40, 44], desired: [36, 40] },
    ]);
    expect(diffDesired({ channels: { a: 1 } }, mist).changes).toEqual([
      { path: "channels", current: [36, 40, 44], desired: { a: 1 } },
    ]);
    expect(
      diffDesired(
        { specs: [{ protocol: "tcp", port_range: "443" }] },
        { specs: [{ protocol: "udp", port_range: "443" }] },
      ).changes,
    ).toEqual([{ path: "specs[0].protocol", current: "udp", desired: "tcp" }]);
  });

  it("treats a masked secret as unknown, not as a change, and never shows it", () => {
    const diff = diffDesired({ auth: { type: "psk", psk: "my-real-passphrase" } }, mist);
    expect(diff).toEqual({ changes: [], unknown: ["auth.psk"] });
    expect(JSON.stringify(diff)).not.toContain("my-real-passphrase");
  });

  it("treats a default that Mist leaves out of its answer as unknown, not as a change", () => {
    const desired = { isolation: false, notes: "", tags: [], extra: {}, radius: null, vlan_id: "10" };
    const diff = diffDesired(desired, { vlan_id: "10" });
    expect(diff).toEqual({ changes: [], unknown: ["isolation", "notes", "tags", "extra", "radius"] });
    expect(matchesDesired(desired, { vlan_id: "10" })).toBe(true);
    // A default Mist does answer is compared like any value; a non-default left out is a change.
    expect(diffDesired({ isolation: false }, { isolation: true }).changes).toEqual([
      { path: "isolation", current: true, desired: false },
    ]);
    expect(diffDesired({ isolation: true }, {}).changes).toEqual([{ path: "isolation", desired: true }]);
    expect(matchesDesired({ isolation: true }, {})).toBe(false);
  });

  it("does not mistake an object for null or a type change for equality", () => {
    expect(diffDesired({ internet_access: null }, mist).changes).toEqual([
      { path: "internet_access", current: mist.internet_access, desired: null },
    ]);
    expect(diffDesired({ vlan_id: 10 }, { vlan_id: "10" }).changes).toEqual([
      { path: "vlan_id", current: "10", desired: 10 },
    ]);
    expect(diffDesired({ a: {} }, { a: null }).changes).toEqual([{ path: "a", current: null, desired: {} }]);
  });

  it("agrees with the workers' matchesDesired wherever no secret is masked", () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ name: "rb-data" }, mist],
      [{ vlan_id: "{{iot_vlan}}" }, mist],
      [{ channels: [36, 40, 44] }, mist],
      [{ channels: [44, 40, 36] }, mist],
      [{ internet_access: { enabled: true, restricted: true } }, mist],
      [{ missing: 1 }, mist],
      [{ port_config: { "ge-0/0/0": { usage: "wan" } } }, mist],
      [{ tags: [] }, { tags: [] }],
      [{ tags: [{ a: 1 }] }, { tags: [{ a: 1, b: 2 }] }],
    ];
    for (const [desired, actual] of cases)
      expect(diffDesired(desired, actual).changes.length === 0).toBe(matchesDesired(desired, actual));
  });

  it("recognises Mist's masks only", () => {
    expect(isMasked("********")).toBe(true);
    expect(isMasked("***")).toBe(true);
    expect(isMasked("**")).toBe(false);
    expect(isMasked("pass****")).toBe(false);
    expect(isMasked(8)).toBe(false);
  });
});
