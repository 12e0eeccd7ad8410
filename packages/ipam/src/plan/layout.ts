import { IpamConfig, type IpamRole } from "../config";
import { formatIssues } from "../config/parse";
import { IpamConfigError, UnknownZoneError } from "../errors";
import { type Cidr, packPrefixes, parseCidr, subnetAt } from "../net";

export interface ZoneLayout {
  code: string;
  name: string;
  /** Position in `config.zones`, which is also the zone's slot in the supernet. */
  slot: number;
  block: Cidr;
}

interface RoleLayout {
  role: IpamRole;
  /** Position in `config.roles`: numbers the role's IPv6 /64. */
  order: number;
  /** Offset of the role subnet from the site block's network address. */
  offset: bigint;
}

/** Everything the plan functions need, derived once from a validated config. */
export interface Layout {
  supernet: Cidr;
  sitePrefixLength: number;
  /** Sites per zone. */
  capacity: number;
  zones: ReadonlyMap<string, ZoneLayout>;
  roles: readonly RoleLayout[];
  ipv6: { ula: Cidr; sitePrefixLength: number } | undefined;
}

const cache = new WeakMap<object, Layout>();

/**
 * Validates `config` (plan functions may be handed a hand-built or spread object that never went
 * through the schema) and caches the derived layout per config object. Configs are treated as
 * immutable; `parseIpamConfig` freezes them.
 */
export function layoutOf(config: IpamConfig): Layout {
  const hit = cache.get(config);
  if (hit) return hit;
  const result = IpamConfig.safeParse(config);
  if (!result.success) throw new IpamConfigError(formatIssues(result.error.issues));
  const c = result.data;
  const supernet = mustParse(c.supernet, 4);
  const zones = new Map<string, ZoneLayout>();
  c.zones.forEach((z, slot) => {
    zones.set(z.code, {
      code: z.code,
      name: z.name,
      slot,
      block: subnetAt(supernet, c.zonePrefixLength, BigInt(slot)),
    });
  });
  const { offsets } = packPrefixes(
    4,
    c.roles.map((r) => r.prefixLength),
  );
  const layout: Layout = {
    supernet,
    sitePrefixLength: c.sitePrefixLength,
    capacity: 2 ** (c.sitePrefixLength - c.zonePrefixLength),
    zones,
    roles: c.roles.map((role, order) => ({ role, order, offset: offsets[order] ?? 0n })),
    ipv6: c.ipv6?.enabled
      ? { ula: mustParse(c.ipv6.ulaPrefix, 6), sitePrefixLength: c.ipv6.sitePrefixLength }
      : undefined,
  };
  cache.set(config, layout);
  return layout;
}

export function zoneOf(layout: Layout, code: string): ZoneLayout {
  const zone = layout.zones.get(code);
  if (!zone) throw new UnknownZoneError(code, [...layout.zones.keys()]);
  return zone;
}

const mustParse = (text: string, family: 4 | 6): Cidr => {
  const parsed = parseCidr(text, family);
  if (!parsed) throw new TypeError(`validated config holds an unparsable prefix ${text}`);
  return parsed.cidr;
};
