import { describe, expect, it } from "vitest";
import { DEFAULT_IPAM_CONFIG, parseIpamConfig } from "../config";
import { isInvalidOverrideError } from "../errors";
import { planSite } from "../plan";
import { mergeVars } from "./merge-vars";
import { siteVars } from "./site-vars";

const vars = siteVars(planSite(DEFAULT_IPAM_CONFIG, "NA-EAST", 1)); // block 10.0.4.0/22
const vars6 = siteVars(planSite(parseIpamConfig({ ipv6: { ulaPrefix: "fd12:3456::/32" } }), "NA-EAST", 1));

/** The variable an override was rejected for, or "accepted". */
const rejected = (overrides: Record<string, string>, base = vars): string => {
  try {
    mergeVars(base, overrides);
    return "accepted";
  } catch (e) {
    if (isInvalidOverrideError(e)) return e.variable;
    throw e;
  }
};

describe("mergeVars", () => {
  it("lets overrides win and keeps the rest of the plan", () => {
    const merged = mergeVars(vars, { data_vlan: "110", dns1: "10.1.1.1", data_gateway: "10.0.4.5" });
    expect(merged).toMatchObject({
      data_vlan: "110",
      dns1: "10.1.1.1",
      data_gateway: "10.0.4.5",
      voice_vlan: "20",
    });
    expect(merged.data_subnet).toBe("10.0.4.0/24");
  });

  it("accepts a re-plan of a role inside the free space of its own block", () => {
    const merged = mergeVars(vars, {
      iot_subnet: "10.0.7.0/24",
      iot_gateway: "10.0.7.1",
      iot_dhcp_start: "10.0.7.11",
      iot_dhcp_end: "10.0.7.254",
    });
    expect(merged.iot_subnet).toBe("10.0.7.0/24");
  });

  it("rejects subnets and addresses outside the site block, naming the variable", () => {
    expect(rejected({ data_subnet: "10.0.8.0/24" })).toBe("data_subnet");
    expect(rejected({ voice_gateway: "10.0.0.1" })).toBe("voice_gateway");
    expect(rejected({ guest_dhcp_end: "192.168.1.1" })).toBe("guest_dhcp_end");
    expect(() => mergeVars(vars, { data_subnet: "10.0.0.0/16" })).toThrow(
      /data_subnet="10.0.0.0\/16" rejected: it is outside the site block 10.0.4.0\/22/,
    );
  });

  it("leaves address variables of roles the plan does not own alone", () => {
    expect(rejected({ wan_gateway: "203.0.113.1", wan_subnet: "203.0.113.0/30" })).toBe("accepted");
  });

  it("rejects malformed values", () => {
    expect(rejected({ data_subnet: "10.0.4.0" })).toBe("data_subnet");
    expect(rejected({ data_subnet: "10.0.4.1/24" })).toBe("data_subnet");
    expect(rejected({ data_gateway: "10.0.4" })).toBe("data_gateway");
  });

  it("rejects overrides that make roles overlap or disagree with their subnet", () => {
    expect(rejected({ iot_subnet: "10.0.5.0/25" })).toBe("iot_subnet"); // voice's subnet
    expect(rejected({ data_gateway: "10.0.5.1" })).toBe("data_gateway"); // in the block, not in data_subnet
    expect(rejected({ data_gateway: "10.0.4.0" })).toBe("data_gateway"); // network address
    expect(rejected({ data_gateway: "10.0.4.20" })).toBe("data_gateway"); // inside the DHCP pool
    expect(rejected({ data_dhcp_start: "10.0.4.200", data_dhcp_end: "10.0.4.100" })).toBe("data_dhcp_start");
    expect(rejected({ mgmt_subnet: "10.0.7.0/26" })).toBe("mgmt_subnet"); // plan's mgmt_gateway left behind
  });

  it("refuses to rewrite the allocation's identity", () => {
    expect(rejected({ site_block: "10.0.8.0/22" })).toBe("site_block");
    expect(rejected({ site_zone: "ANZ" })).toBe("site_zone");
    expect(rejected({ site_index: "1" })).toBe("accepted");
  });

  it("checks IPv6 overrides against the site's /48", () => {
    const moved = { data_subnet6: "fd12:3456:1:10::/64", data_gateway6: "fd12:3456:1:10::1" };
    expect(rejected(moved, vars6)).toBe("accepted");
    expect(() => mergeVars(vars6, { data_subnet6: "fd12:3456:1:10::/64" })).toThrow(
      /data_subnet6=.* rejected: data_gateway6 is not a usable address of data_subnet6/,
    );
    expect(rejected({ data_subnet6: "fd12:3456:2::/64" }, vars6)).toBe("data_subnet6");
    expect(rejected({ data_subnet6: "fd12:3456:1:1::/64" }, vars6)).toBe("data_subnet6"); // voice's /64
    expect(rejected({ data_gateway6: "fd12:3456:1:1::1" }, vars6)).toBe("data_gateway6");
    expect(rejected({ data_subnet6: "fd12:3456:1:10::/64" })).toBe("data_subnet6"); // no IPv6 plan
  });

  it("requires plan variables to check against", () => {
    expect(() => mergeVars({}, {})).toThrow(TypeError);
  });
});
