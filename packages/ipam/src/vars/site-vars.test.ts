import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_IPAM_CONFIG, parseIpamConfig } from "../config";
import { planSite, zoneCapacity } from "../plan";
import { layoutInput } from "../testing/arbitraries";
import { siteVars } from "./site-vars";

describe("siteVars", () => {
  it("renders NA-EAST index 0 of the default plan", () => {
    expect(siteVars(planSite(DEFAULT_IPAM_CONFIG, "NA-EAST", 0))).toEqual({
      site_block: "10.0.0.0/22",
      site_zone: "NA-EAST",
      site_index: "0",
      data_subnet: "10.0.0.0/24",
      data_prefix: "24",
      data_netmask: "255.255.255.0",
      data_gateway: "10.0.0.1",
      data_vlan: "10",
      data_dhcp_start: "10.0.0.11",
      data_dhcp_end: "10.0.0.254",
      voice_subnet: "10.0.1.0/25",
      voice_prefix: "25",
      voice_netmask: "255.255.255.128",
      voice_gateway: "10.0.1.1",
      voice_vlan: "20",
      voice_dhcp_start: "10.0.1.11",
      voice_dhcp_end: "10.0.1.126",
      guest_subnet: "10.0.1.128/25",
      guest_prefix: "25",
      guest_netmask: "255.255.255.128",
      guest_gateway: "10.0.1.129",
      guest_vlan: "30",
      guest_dhcp_start: "10.0.1.139",
      guest_dhcp_end: "10.0.1.254",
      iot_subnet: "10.0.2.0/25",
      iot_prefix: "25",
      iot_netmask: "255.255.255.128",
      iot_gateway: "10.0.2.1",
      iot_vlan: "40",
      iot_dhcp_start: "10.0.2.11",
      iot_dhcp_end: "10.0.2.126",
      mgmt_subnet: "10.0.2.128/26",
      mgmt_prefix: "26",
      mgmt_netmask: "255.255.255.192",
      mgmt_gateway: "10.0.2.129",
      mgmt_vlan: "99",
    });
  });

  it("adds the IPv6 variables when IPv6 is enabled", () => {
    const vars = siteVars(planSite(parseIpamConfig({ ipv6: { ulaPrefix: "fd12:3456::/32" } }), "NA-EAST", 1));
    expect(vars).toMatchObject({
      site_block6: "fd12:3456:1::/48",
      data_subnet6: "fd12:3456:1::/64",
      data_gateway6: "fd12:3456:1::1",
      mgmt_subnet6: "fd12:3456:1:4::/64",
    });
  });

  it("yields one valid Mist variable name per value, with no collisions", () => {
    fc.assert(
      fc.property(layoutInput, fc.nat(), (input, n) => {
        const config = parseIpamConfig(input);
        const zone = config.zones[n % config.zones.length]?.code ?? "";
        const plan = planSite(config, zone, n % zoneCapacity(config));
        const vars = siteVars(plan);
        const perRole = (r: { dhcp: boolean }) => 5 + (r.dhcp ? 2 : 0) + (plan.ipv6 ? 2 : 0);
        const expected = 3 + (plan.ipv6 ? 1 : 0) + config.roles.reduce((sum, r) => sum + perRole(r), 0);
        expect(Object.keys(vars)).toHaveLength(expected);
        for (const [name, value] of Object.entries(vars)) {
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
          expect(typeof value).toBe("string");
        }
      }),
      { numRuns: 100 },
    );
  });
});
