import { describe, expect, it } from "vitest";
import { isIpamConfigError } from "../errors";
import { DEFAULT_IPAM_CONFIG } from "./default-config";
import { parseIpamConfig } from "./parse";

/** The issue lines a bad config produces, each "field: message". */
const issuesOf = (input: unknown): readonly string[] => {
  try {
    parseIpamConfig(input);
  } catch (e) {
    if (isIpamConfigError(e)) return e.issues;
    throw e;
  }
  throw new Error("config was accepted");
};

const role = (name: string, prefixLength: number, vlan: number) => ({ name, prefixLength, vlan });

describe("IpamConfig", () => {
  it("defaults to 10/8, eight /11 zones, /22 sites and roles that fit", () => {
    expect(DEFAULT_IPAM_CONFIG).toMatchObject({
      supernet: "10.0.0.0/8",
      zonePrefixLength: 11,
      sitePrefixLength: 22,
    });
    expect(DEFAULT_IPAM_CONFIG.zones.map((z) => z.code)).toEqual([
      "NA-EAST",
      "NA-WEST",
      "LATAM",
      "EMEA-N",
      "EMEA-S",
      "APAC-N",
      "APAC-S",
      "ANZ",
    ]);
    expect(DEFAULT_IPAM_CONFIG.roles.map((r) => `${r.name}/${r.prefixLength}@${r.vlan}:${r.dhcp}`)).toEqual([
      "data/24@10:true",
      "voice/25@20:true",
      "guest/25@30:true",
      "iot/25@40:true",
      "mgmt/26@99:false",
    ]);
    expect(DEFAULT_IPAM_CONFIG.ipv6).toBeUndefined();
    expect(Object.isFrozen(DEFAULT_IPAM_CONFIG.roles[0])).toBe(true);
  });

  it("fills role defaults", () => {
    const config = parseIpamConfig({ roles: [role("data", 24, 10)] });
    expect(config.roles[0]).toEqual({
      name: "data",
      prefixLength: 24,
      vlan: 10,
      dhcp: true,
      gatewayHost: "first",
    });
  });

  it("names the field in every shape error", () => {
    expect(issuesOf({ supernet: "10.0.0.1/8" })).toEqual([
      "supernet: has host bits set; the network is 10.0.0.0/8",
    ]);
    expect(issuesOf({ supernet: "10.0/8" })).toEqual(["supernet: must be an IPv4 CIDR such as 10.0.0.0/8"]);
    expect(issuesOf({ zones: [{ code: "na-east", name: "x" }] })[0]).toMatch(
      /^zones\[0\]\.code: must be a zone code/,
    );
    expect(issuesOf({ roles: [role("Data", 24, 10)] })[0]).toMatch(
      /^roles\[0\]\.name: must be a lowercase identifier/,
    );
    expect(issuesOf({ roles: [role("data", 24, 4095)] })).toEqual([
      "roles[0].vlan: must be a VLAN id 1..4094",
    ]);
    expect(issuesOf({ roles: [role("data", 31, 10)] })[0]).toMatch(
      /^roles\[0\]\.prefixLength: must be \/30 or shorter/,
    );
    expect(issuesOf({ extra: 1 })[0]).toMatch(/^\(config\): Unrecognized key/);
    expect(issuesOf({ ipv6: { ulaPrefix: "fc00::/32" } })).toEqual([
      "ipv6.ulaPrefix: must lie inside fd00::/8 (RFC 4193 unique local addresses)",
    ]);
  });

  it("rejects zones that do not fit the supernet", () => {
    expect(issuesOf({ zonePrefixLength: 10 })).toEqual([
      "zones: 8 zones do not fit: 10.0.0.0/8 split into /10 zones holds 4; raise zonePrefixLength (smaller zones) or use a larger supernet",
    ]);
    expect(issuesOf({ zonePrefixLength: 7 })[0]).toMatch(/^zonePrefixLength: must be \/8 or longer/);
    expect(
      issuesOf({
        zones: [
          { code: "EU", name: "a" },
          { code: "EU", name: "b" },
        ],
      }),
    ).toEqual(["zones[1].code: duplicate zone code EU (also zones[0])"]);
  });

  it("rejects sites larger than zones and absurd zone sizes", () => {
    expect(issuesOf({ sitePrefixLength: 10 })[0]).toMatch(/^sitePrefixLength: must be \/11 or longer/);
    expect(
      issuesOf({
        supernet: "0.0.0.0/1",
        zonePrefixLength: 2,
        zones: [{ code: "ALL", name: "a" }],
        sitePrefixLength: 30,
        roles: [role("p2p", 30, 2)],
      }),
    ).toEqual(["sitePrefixLength: puts 2^28 sites in a zone; at most 2^24 are supported"]);
  });

  it("rejects roles that do not fit the site block, naming the roles", () => {
    expect(issuesOf({ roles: [role("data", 23, 10), role("voice", 23, 20), role("mgmt", 30, 99)] })).toEqual([
      "roles: roles do not fit the site block: they need 1,028 addresses (data /23, voice /23, mgmt /30) but a /22 holds 1,024; shrink a role or lower sitePrefixLength (larger site blocks)",
    ]);
    expect(issuesOf({ roles: [role("data", 21, 10)] })).toEqual([
      "roles[0].prefixLength: /21 is larger than the /22 site block",
    ]);
  });

  it("rejects duplicate role names and VLANs", () => {
    expect(issuesOf({ roles: [role("data", 24, 10), role("data", 25, 10)] })).toEqual([
      "roles[1].name: duplicate role name data",
      "roles[1].vlan: VLAN 10 is already used by role data",
    ]);
  });

  it("checks the IPv6 prefix can number every site and role", () => {
    expect(issuesOf({ ipv6: { ulaPrefix: "fd12:3456:7800::/40" } })).toEqual([
      "ipv6.ulaPrefix: a /40 cannot number 16,384 sites (14 bits) as /48s; use a /34 or shorter prefix, or set ipv6.sitePrefixLength to 54 or longer",
    ]);
    expect(
      parseIpamConfig({ ipv6: { ulaPrefix: "fd12:3456:7800::/40", sitePrefixLength: 56 } }).ipv6,
    ).toEqual({
      enabled: true,
      ulaPrefix: "fd12:3456:7800::/40",
      sitePrefixLength: 56,
    });
    expect(issuesOf({ ipv6: { ulaPrefix: "fd00::/8", sitePrefixLength: 62 } })).toEqual([
      "ipv6.sitePrefixLength: a /62 holds 4 /64s but there are 5 roles; use a shorter site prefix",
    ]);
  });
});
