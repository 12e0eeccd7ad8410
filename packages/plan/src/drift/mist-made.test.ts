import { describe, expect, it } from "vitest";
import { splitMistMade } from "./mist-made";

const SITE = { site_id: "s1", site_name: "Paris" };
const action = {
  id: "a1",
  mac: "2c6bf5b00001",
  port_id: "ge-0/0/13",
  op: "disable_port",
  reason: "rogue_dhcp_server_detected",
  timestamp: 1_780_000_000,
};

describe("splitMistMade", () => {
  it("moves the change Marvis made onto its action and keeps the rest as drift", () => {
    const port = { path: "port_config.ge-0/0/13.disabled", current: true, desired: false };
    const vars = { path: "vars.VLAN", current: "20", desired: "10" };
    const { drift, mistMade } = splitMistMade(SITE, [port, vars], [action]);
    expect(drift).toEqual([vars]);
    expect(mistMade).toEqual([
      {
        ...SITE,
        source: "marvis",
        action_id: "a1",
        mac: "2c6bf5b00001",
        port_id: "ge-0/0/13",
        op: "disable_port",
        reason: "rogue_dhcp_server_detected",
        at: new Date(1_780_000_000_000).toISOString(),
        changes: [port],
      },
    ]);
  });

  it("lists an action that explains no drift path, and leaves drift as it was", () => {
    const other = { path: "port_config.ge-0/0/2.disabled", current: true, desired: false };
    const { drift, mistMade } = splitMistMade(SITE, [other], [action]);
    expect(drift).toEqual([other]);
    expect(mistMade).toHaveLength(1);
    expect(mistMade[0]?.changes).toBeUndefined();
  });
});
