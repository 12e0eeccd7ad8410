import type { SitePlan } from "../plan";

/**
 * The older orchestrator's formula, kept so sites it numbered keep their addresses when they are
 * re-deployed through the legacy endpoint: role R of site S in zone Z is 10.(offset_R + Z).S.0/24.
 */
export const LEGACY_ROLES = [
  { name: "data", offset: 0, vlan: 10 },
  { name: "voice", offset: 100, vlan: 20 },
  { name: "guest", offset: 150, vlan: 30 },
] as const;

/** The zones the older system handed out; the formula is only used where it is known to be safe. */
export const LEGACY_MAX_ZONE = 20;

export class LegacyZoneError extends Error {
  override readonly name = "LegacyZoneError";
  constructor(
    readonly zone: number,
    readonly reason: string,
  ) {
    super(`legacy zone ${zone} cannot use the older 10.{zone}.{site} formula: ${reason}`);
  }
}
export const isLegacyZoneError = (e: unknown): e is LegacyZoneError =>
  e instanceof Error && e.name === "LegacyZoneError";

const octets = (zone: number) => LEGACY_ROLES.map((r) => ({ role: r.name, octet: r.offset + zone }));

/**
 * Why `zone` is unsafe under the formula, or undefined if it is safe: a second octet past 255 is
 * not an address, and a block that equals another legacy zone's block of another role overlaps.
 */
export function legacyZoneProblem(zone: number, maxZone = LEGACY_MAX_ZONE): string | undefined {
  if (!Number.isInteger(zone) || zone < 1) return "zones start at 1";
  for (const { role, octet } of octets(zone)) {
    if (octet > 255) return `its ${role} block would be 10.${octet}.x.x, which is not an IPv4 address`;
  }
  for (let other = 1; other <= Math.max(maxZone, zone); other++) {
    if (other === zone) continue;
    for (const mine of octets(zone)) {
      const clash = octets(other).find((theirs) => theirs.octet === mine.octet);
      if (clash) {
        return `its ${mine.role} block 10.${mine.octet}.x.x is zone ${other}'s ${clash.role} block`;
      }
    }
  }
  if (zone > maxZone)
    return `the older system only numbered zones 1-${maxZone}; new sites belong in a geo zone`;
  return undefined;
}

/** The site plan of the older formula, in the same shape as a geo plan so site variables render alike. */
export function legacyPlanSite(zone: number, site: number): SitePlan {
  const problem = legacyZoneProblem(zone);
  if (problem) throw new LegacyZoneError(zone, problem);
  if (!Number.isInteger(site) || site < 0 || site > 255) {
    throw new RangeError(`legacy site number must be 0-255, got ${site}`);
  }
  const roles: SitePlan["roles"] = {};
  for (const r of LEGACY_ROLES) {
    const net = `10.${r.offset + zone}.${site}`;
    roles[r.name] = {
      subnet: `${net}.0/24`,
      prefixLength: 24,
      netmask: "255.255.255.0",
      gateway: `${net}.1`,
      dhcpStart: `${net}.11`,
      dhcpEnd: `${net}.254`,
      vlan: r.vlan,
    };
  }
  return { zone: `LEGACY-${zone}`, index: site, block: `10.${zone}.${site}.0/24`, roles };
}
