import type { z } from "zod";
import { cidrSize, packPrefixes, parseCidr } from "../net";
import type { IpamConfigShape } from "./schema";

type Shape = z.output<typeof IpamConfigShape>;

/** Past 2^24 sites a zone's allocation bitmap reaches 2 MiB; no real network needs that. */
const MAX_SITE_BITS = 24;

const fmt = (n: bigint | number): string => n.toLocaleString("en-US");

/** Cross-field rules; every message is attached to the field that has to change. */
export function checkLayoutRules(config: Shape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const supernet = parseCidr(config.supernet, 4)?.cidr;
  if (!supernet) return; // already reported by the field schema

  const { zonePrefixLength: zoneLen, sitePrefixLength: siteLen } = config;
  if (zoneLen < supernet.prefixLength) {
    issue(
      ["zonePrefixLength"],
      `must be /${supernet.prefixLength} or longer: zones are carved out of the supernet ${config.supernet}`,
    );
    return;
  }
  const zoneSlots = 2 ** (zoneLen - supernet.prefixLength);
  if (config.zones.length > zoneSlots) {
    issue(
      ["zones"],
      `${config.zones.length} zones do not fit: ${config.supernet} split into /${zoneLen} zones holds ${fmt(zoneSlots)}; ` +
        "raise zonePrefixLength (smaller zones) or use a larger supernet",
    );
  }
  const seenZones = new Map<string, number>();
  config.zones.forEach((zone, i) => {
    const first = seenZones.get(zone.code);
    if (first !== undefined)
      issue(["zones", i, "code"], `duplicate zone code ${zone.code} (also zones[${first}])`);
    else seenZones.set(zone.code, i);
  });

  if (siteLen < zoneLen) {
    issue(
      ["sitePrefixLength"],
      `must be /${zoneLen} or longer: site blocks are carved out of /${zoneLen} zones`,
    );
    return;
  }
  if (siteLen - zoneLen > MAX_SITE_BITS) {
    issue(
      ["sitePrefixLength"],
      `puts 2^${siteLen - zoneLen} sites in a zone; at most 2^${MAX_SITE_BITS} are supported`,
    );
  }
  checkRoles(config, siteLen, issue);
  checkIpv6(config, siteLen - supernet.prefixLength, issue);
}

function checkRoles(
  config: Shape,
  siteLen: number,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const names = new Map<string, number>();
  const vlans = new Map<number, string>();
  let sized = true;
  config.roles.forEach((role, i) => {
    if (names.has(role.name)) issue(["roles", i, "name"], `duplicate role name ${role.name}`);
    names.set(role.name, i);
    const owner = vlans.get(role.vlan);
    if (owner !== undefined)
      issue(["roles", i, "vlan"], `VLAN ${role.vlan} is already used by role ${owner}`);
    else vlans.set(role.vlan, role.name);
    if (role.prefixLength < siteLen) {
      issue(["roles", i, "prefixLength"], `/${role.prefixLength} is larger than the /${siteLen} site block`);
      sized = false;
    }
  });
  if (!sized) return;
  const siteSize = cidrSize({ family: 4, network: 0n, prefixLength: siteLen });
  const { used } = packPrefixes(
    4,
    config.roles.map((r) => r.prefixLength),
  );
  if (used > siteSize) {
    const list = config.roles.map((r) => `${r.name} /${r.prefixLength}`).join(", ");
    issue(
      ["roles"],
      `roles do not fit the site block: they need ${fmt(used)} addresses (${list}) but a /${siteLen} holds ${fmt(siteSize)}; ` +
        "shrink a role or lower sitePrefixLength (larger site blocks)",
    );
  }
}

/**
 * The IPv6 site number is the IPv4 site block's position in the supernet, so v6 blocks inherit the
 * v4 plan's uniqueness: `siteBits` is zone-slot bits plus site-index bits.
 */
function checkIpv6(
  config: Shape,
  siteBits: number,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const v6 = config.ipv6;
  const ula = v6 && parseCidr(v6.ulaPrefix, 6)?.cidr;
  if (!v6 || !ula) return;
  const needed = ula.prefixLength + siteBits;
  if (needed > v6.sitePrefixLength) {
    issue(
      ["ipv6", "ulaPrefix"],
      `a /${ula.prefixLength} cannot number ${fmt(2 ** siteBits)} sites (${siteBits} bits) as /${v6.sitePrefixLength}s; ` +
        `use a /${v6.sitePrefixLength - siteBits} or shorter prefix, or set ipv6.sitePrefixLength to ${needed} or longer`,
    );
  }
  const roleSlots = 2 ** (64 - v6.sitePrefixLength);
  if (config.roles.length > roleSlots) {
    issue(
      ["ipv6", "sitePrefixLength"],
      `a /${v6.sitePrefixLength} holds ${fmt(roleSlots)} /64s but there are ${config.roles.length} roles; use a shorter site prefix`,
    );
  }
}
