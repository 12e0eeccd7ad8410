import { describe, expect, it } from "vitest";
import { missingVars, referencedVars } from "./referenced-vars";

const template = {
  name: "branch-{{site_zone}}",
  networks: [
    { name: "data", vlan_id: "{{ data_vlan }}", subnet: "{{data_subnet}}", gateway: "{{\tdata_gateway  }}" },
    { name: "voice", vlan_id: 20, enabled: true, note: null },
  ],
  port_config: { "ge-0/0/{{uplink_port}}": { usage: "uplink" } },
  dhcpd_config: {
    data: { ip_start: "{{data_dhcp_start}}", ip_end: "{{data_dhcp_end}}", servers: ["{{dns1}}", "{{dns1}}"] },
  },
  nested: [[["deep {{ x_1 }} and {{_under}}"]]],
  not_vars: ["{{ 1bad }}", "{{bad-name}}", "{single}", "{{}}", "{{ two words }}"],
};

describe("referencedVars", () => {
  it("finds references in nested objects, arrays and keys, tolerating spaces", () => {
    expect([...referencedVars(template)].sort()).toEqual([
      "_under",
      "data_dhcp_end",
      "data_dhcp_start",
      "data_gateway",
      "data_subnet",
      "data_vlan",
      "dns1",
      "site_zone",
      "uplink_port",
      "x_1",
    ]);
  });

  it("handles scalars and cycles", () => {
    expect(referencedVars("{{a}}{{b}}")).toEqual(new Set(["a", "b"]));
    expect(referencedVars(42).size).toBe(0);
    expect(referencedVars(null).size).toBe(0);
    const cyclic: Record<string, unknown> = { v: "{{c}}" };
    cyclic.self = cyclic;
    expect(referencedVars(cyclic)).toEqual(new Set(["c"]));
  });
});

describe("missingVars", () => {
  it("lists what the variables do not define, sorted", () => {
    const vars = {
      site_zone: "NA-EAST",
      data_vlan: "10",
      data_subnet: "10.0.0.0/24",
      data_gateway: "10.0.0.1",
    };
    expect(missingVars(template, vars)).toEqual([
      "_under",
      "data_dhcp_end",
      "data_dhcp_start",
      "dns1",
      "uplink_port",
      "x_1",
    ]);
    expect(missingVars(template, new Set(["dns1", "x_1", "_under", "uplink_port"]))).toEqual([
      "data_dhcp_end",
      "data_dhcp_start",
      "data_gateway",
      "data_subnet",
      "data_vlan",
      "site_zone",
    ]);
    expect(missingVars({ a: "{{toString}}" }, {})).toEqual(["toString"]);
  });
});
