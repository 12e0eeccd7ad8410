import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_IPAM_CONFIG, parseIpamConfig } from "../config";
import { isIpamConfigError, isIpamExhaustedError, isUnknownZoneError } from "../errors";
import { layoutInput } from "../testing/arbitraries";
import {
  addrInside,
  cidrInside,
  cidrsDisjoint,
  isCanonicalCidr4,
  toNumber,
  usableHost4,
} from "../testing/ip-checks";
import { planSite } from "./plan-site";
import { siteBlock } from "./site-block";
import { listZones, zoneBlock, zoneCapacity } from "./zone-block";

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

/** A config plus two (zone, index) picks inside it. */
const scenario = layoutInput.chain((input) => {
  const config = parseIpamConfig(input);
  const pick = fc.record({
    zone: fc.constantFrom(...config.zones.map((z) => z.code)),
    index: fc.nat({ max: zoneCapacity(config) - 1 }),
  });
  return fc.record({ config: fc.constant(config), a: pick, b: pick });
});

describe("planSite (default config)", () => {
  it("lays out NA-EAST index 1 as documented in the README", () => {
    expect(planSite(DEFAULT_IPAM_CONFIG, "NA-EAST", 1)).toEqual({
      zone: "NA-EAST",
      index: 1,
      block: "10.0.4.0/22",
      roles: {
        data: {
          subnet: "10.0.4.0/24",
          prefixLength: 24,
          netmask: "255.255.255.0",
          gateway: "10.0.4.1",
          dhcpStart: "10.0.4.11",
          dhcpEnd: "10.0.4.254",
          vlan: 10,
        },
        voice: {
          subnet: "10.0.5.0/25",
          prefixLength: 25,
          netmask: "255.255.255.128",
          gateway: "10.0.5.1",
          dhcpStart: "10.0.5.11",
          dhcpEnd: "10.0.5.126",
          vlan: 20,
        },
        guest: {
          subnet: "10.0.5.128/25",
          prefixLength: 25,
          netmask: "255.255.255.128",
          gateway: "10.0.5.129",
          dhcpStart: "10.0.5.139",
          dhcpEnd: "10.0.5.254",
          vlan: 30,
        },
        iot: {
          subnet: "10.0.6.0/25",
          prefixLength: 25,
          netmask: "255.255.255.128",
          gateway: "10.0.6.1",
          dhcpStart: "10.0.6.11",
          dhcpEnd: "10.0.6.126",
          vlan: 40,
        },
        mgmt: {
          subnet: "10.0.6.128/26",
          prefixLength: 26,
          netmask: "255.255.255.192",
          gateway: "10.0.6.129",
          vlan: 99,
        },
      },
    });
  });

  it("splits 10/8 into eight /11 zones of 2,048 /22 sites, ANZ last", () => {
    expect(listZones(DEFAULT_IPAM_CONFIG).map((z) => `${z.code} ${z.block} ${z.capacity}`)).toEqual([
      "NA-EAST 10.0.0.0/11 2048",
      "NA-WEST 10.32.0.0/11 2048",
      "LATAM 10.64.0.0/11 2048",
      "EMEA-N 10.96.0.0/11 2048",
      "EMEA-S 10.128.0.0/11 2048",
      "APAC-N 10.160.0.0/11 2048",
      "APAC-S 10.192.0.0/11 2048",
      "ANZ 10.224.0.0/11 2048",
    ]);
    expect(siteBlock(DEFAULT_IPAM_CONFIG, "ANZ", 2047)).toBe("10.255.252.0/22");
    expect(zoneBlock(DEFAULT_IPAM_CONFIG, "LATAM")).toBe("10.64.0.0/11");
  });

  it("numbers IPv6 /48s by the v4 block's position and role /64s by config order", () => {
    const config = parseIpamConfig({ ipv6: { ulaPrefix: "fd12:3456::/32" } });
    expect(planSite(config, "NA-WEST", 3).ipv6).toEqual({
      block: "fd12:3456:803::/48", // NA-WEST is slot 1: site number 1 * 2048 + 3 = 0x803
      roles: {
        data: { subnet: "fd12:3456:803::/64", gateway: "fd12:3456:803::1" },
        voice: { subnet: "fd12:3456:803:1::/64", gateway: "fd12:3456:803:1::1" },
        guest: { subnet: "fd12:3456:803:2::/64", gateway: "fd12:3456:803:2::1" },
        iot: { subnet: "fd12:3456:803:3::/64", gateway: "fd12:3456:803:3::1" },
        mgmt: { subnet: "fd12:3456:803:4::/64", gateway: "fd12:3456:803:4::1" },
      },
    });
    expect(
      planSite(parseIpamConfig({ ipv6: { enabled: false, ulaPrefix: "fd12:3456::/32" } }), "ANZ", 0).ipv6,
    ).toBeUndefined();
  });

  it("rejects an index past the zone with IpamExhaustedError naming zone and capacity", () => {
    const err = thrown(() => planSite(DEFAULT_IPAM_CONFIG, "EMEA-S", 2048));
    expect(isIpamExhaustedError(err)).toBe(true);
    expect(err).toMatchObject({ zone: "EMEA-S", capacity: 2048, index: 2048 });
    expect(String(err)).toMatch(/EMEA-S.*2048 sites/);
    expect(() => planSite(DEFAULT_IPAM_CONFIG, "EMEA-S", -1)).toThrow(RangeError);
    expect(() => planSite(DEFAULT_IPAM_CONFIG, "EMEA-S", 1.5)).toThrow(RangeError);
  });

  it("rejects an unknown zone listing the valid codes", () => {
    const caught = thrown(() => zoneBlock(DEFAULT_IPAM_CONFIG, "NA-NORTH"));
    expect(isUnknownZoneError(caught)).toBe(true);
    expect(String(caught)).toContain("NA-EAST, NA-WEST, LATAM, EMEA-N, EMEA-S, APAC-N, APAC-S, ANZ");
  });

  it("validates configs that never went through the schema", () => {
    const spread = { ...DEFAULT_IPAM_CONFIG, sitePrefixLength: 24 };
    const caught = thrown(() => planSite(spread, "NA-EAST", 0));
    expect(isIpamConfigError(caught)).toBe(true);
    expect(String(caught)).toMatch(/roles: roles do not fit/);
    expect(siteBlock({ ...DEFAULT_IPAM_CONFIG, sitePrefixLength: 21 }, "NA-EAST", 1)).toBe("10.0.8.0/21");
  });
});

describe("planSite (properties over any valid layout)", () => {
  it("zones sit inside the supernet and sites inside their zone; distinct sites never overlap", () => {
    fc.assert(
      fc.property(scenario, ({ config, a, b }) => {
        const zones = listZones(config);
        for (const z of zones) expect(cidrInside(z.block, config.supernet)).toBe(true);
        for (let i = 1; i < zones.length; i++) {
          expect(cidrsDisjoint(zones[i - 1]?.block ?? "", zones[i]?.block ?? "")).toBe(true);
        }
        const blockA = siteBlock(config, a.zone, a.index);
        const blockB = siteBlock(config, b.zone, b.index);
        expect(isCanonicalCidr4(blockA)).toBe(true);
        expect(cidrInside(blockA, zoneBlock(config, a.zone))).toBe(true);
        if (a.zone !== b.zone || a.index !== b.index) {
          expect(cidrsDisjoint(blockA, blockB)).toBe(true);
          const [pa, pb] = [planSite(config, a.zone, a.index), planSite(config, b.zone, b.index)];
          if (pa.ipv6 && pb.ipv6) expect(cidrsDisjoint(pa.ipv6.block, pb.ipv6.block)).toBe(true);
        } else expect(blockA).toBe(blockB);
      }),
      { numRuns: 300 },
    );
  });

  it("role subnets are disjoint, inside the block, with gateways and DHCP pools on usable addresses", () => {
    fc.assert(
      fc.property(scenario, ({ config, a }) => {
        const plan = planSite(config, a.zone, a.index);
        const roles = Object.entries(plan.roles);
        expect(roles.map(([n]) => n)).toEqual(config.roles.map((r) => r.name));
        roles.forEach(([name, r], i) => {
          const role = config.roles[i];
          expect(isCanonicalCidr4(r.subnet)).toBe(true);
          expect(cidrInside(r.subnet, plan.block)).toBe(true);
          expect(r.prefixLength).toBe(role?.prefixLength);
          expect(ipaddr.IPv4.parse(r.netmask).prefixLengthFromSubnetMask()).toBe(r.prefixLength);
          expect(r.vlan).toBe(role?.vlan);
          expect(usableHost4(r.gateway, r.subnet)).toBe(true);
          expect(r.dhcpStart !== undefined).toBe(role?.dhcp);
          if (r.dhcpStart !== undefined && r.dhcpEnd !== undefined) {
            expect(usableHost4(r.dhcpStart, r.subnet) && usableHost4(r.dhcpEnd, r.subnet)).toBe(true);
            const [start, end, gw] = [toNumber(r.dhcpStart), toNumber(r.dhcpEnd), toNumber(r.gateway)];
            expect(start <= end).toBe(true);
            expect(gw < start || gw > end).toBe(true);
          }
          for (const [other, o] of roles.slice(i + 1)) {
            expect(cidrsDisjoint(r.subnet, o.subnet), `${name} vs ${other}`).toBe(true);
          }
          const v6 = plan.ipv6?.roles[name];
          if (plan.ipv6 && v6) {
            expect(v6.subnet.endsWith("/64") && cidrInside(v6.subnet, plan.ipv6.block)).toBe(true);
            expect(addrInside(v6.gateway, v6.subnet) && ipaddr.IPv6.isValid(v6.gateway)).toBe(true);
          }
        });
        if (plan.ipv6) {
          const subnets = Object.values(plan.ipv6.roles).map((r) => r.subnet);
          expect(new Set(subnets).size).toBe(subnets.length);
          expect(cidrInside(plan.ipv6.block, config.ipv6?.ulaPrefix ?? "")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
