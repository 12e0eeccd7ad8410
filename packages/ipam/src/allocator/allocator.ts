import type { IpamConfig } from "../config";
import { IpamExhaustedError, UnknownZoneError, ZoneMismatchError } from "../errors";
import { listZones, overlappingSiteSlots, parseBlockOrAddress, siteBlock, type ZoneInfo } from "../plan";
import { type AllocatorKeys, allocatorKeys } from "./keys";
import type { RedisClient } from "./lua-script";
import { int, layoutError, str, tagged } from "./reply";
import { ADOPT, ALLOCATE, GET, LIST, RELEASE, TRANSFER, ZONES } from "./scripts";

export interface IpamAllocatorOptions {
  /** Prefix of every key, with a Redis Cluster hash tag: e.g. "{mistflow}:". */
  prefix: string;
  config: IpamConfig;
}

export interface Allocation {
  index: number;
  block: string;
  /** false when the site already held this block. */
  created: boolean;
}

export interface SiteAllocation {
  zone: string;
  index: number;
  block: string;
}

export interface ZoneAllocation {
  siteName: string;
  index: number;
  block: string;
}

export interface Adoption {
  /** The site's own block: the first prefix that is exactly a site block of the layout. */
  held?: SiteAllocation;
  /** Other site blocks its prefixes overlap, now held by `reserved:<site>`. */
  reserved: number;
  /** Site blocks another site already holds (nothing was written): an overlap to sort out by hand. */
  conflicts: Array<{ zone: string; index: number; block: string; owner: string }>;
  /** Prefixes that are not IPv4 prefixes or addresses. */
  ignored: string[];
}

/** Holder of the site blocks an adopted site's prefixes overlap without being its own block. */
export const reservedHolder = (siteName: string): string => `reserved:${siteName}`;

export interface ZoneUsage extends ZoneInfo {
  used: number;
  free: number;
}

/**
 * Persistent site -> (zone, index) allocations in Redis. Each operation is one Lua script, so
 * concurrent allocators (any number of processes) never hand out the same index twice. Indexes
 * are the lowest free one, so released indexes are reused first. Only indexes are stored; blocks
 * come from the config, and a fingerprint of each live zone's layout guards against a config change
 * that would silently renumber sites (see `LayoutMismatchError`).
 */
export class IpamAllocator {
  readonly #redis: RedisClient;
  readonly #config: IpamConfig;
  readonly #keys: AllocatorKeys;
  readonly #zones: ReadonlyMap<string, ZoneInfo & { fingerprint: string }>;
  /** (zone, fingerprint) pairs for every configured zone, as the scripts take them. */
  readonly #layoutArgs: string[];

  constructor(redis: RedisClient, opts: IpamAllocatorOptions) {
    this.#redis = redis;
    this.#config = opts.config;
    this.#keys = allocatorKeys(opts.prefix);
    const site = opts.config.sitePrefixLength;
    this.#zones = new Map(
      listZones(opts.config).map((z) => [z.code, { ...z, fingerprint: `${z.block} in /${site} sites` }]),
    );
    this.#layoutArgs = [...this.#zones.values()].flatMap((z) => [z.code, z.fingerprint]);
  }

  /**
   * The site's block in `zoneCode`: the one it already holds, or the lowest free index.
   * @throws ZoneMismatchError when the site holds a block in another zone
   * @throws IpamExhaustedError when the zone is full
   */
  async allocate(zoneCode: string, siteName: string): Promise<Allocation> {
    const zone = this.#zone(zoneCode);
    checkSiteName(siteName);
    const keys = [
      this.#keys.sites,
      this.#keys.layout,
      this.#keys.used(zone.code),
      this.#keys.owners(zone.code),
    ];
    const args = [siteName, zone.code, zone.capacity, zone.fingerprint, ...this.#layoutArgs];
    const [status, ...rest] = tagged(await ALLOCATE.run(this.#redis, keys, args));
    switch (status) {
      case "created":
      case "held": {
        const index = int(rest[0]);
        return { index, block: siteBlock(this.#config, zone.code, index), created: status === "created" };
      }
      case "mismatch":
        throw new ZoneMismatchError({
          siteName,
          heldZone: str(rest[0]),
          requestedZone: zone.code,
          index: int(rest[1]),
        });
      case "exhausted":
        throw new IpamExhaustedError({ zone: zone.code, capacity: zone.capacity });
      case "layout":
        throw layoutError(rest);
      default:
        throw new TypeError(`unexpected IPAM allocate reply ${status}`);
    }
  }

  /** The site's allocation, or undefined when it holds none. */
  async get(siteName: string): Promise<SiteAllocation | undefined> {
    checkSiteName(siteName);
    const [status, ...rest] = tagged(
      await GET.run(this.#redis, [this.#keys.sites, this.#keys.layout], [siteName]),
    );
    if (status === "absent") return undefined;
    const [zoneCode, index, stored] = [str(rest[0]), int(rest[1]), str(rest[2])];
    const zone = this.#zones.get(zoneCode);
    if (!zone || (stored && stored !== zone.fingerprint))
      throw layoutError([zoneCode, stored, zone?.fingerprint ?? ""]);
    return { zone: zoneCode, index, block: siteBlock(this.#config, zoneCode, index) };
  }

  /** Frees the site's index for reuse; false when the site held nothing. */
  async release(siteName: string): Promise<boolean> {
    checkSiteName(siteName);
    const codes = [...this.#zones.keys()];
    const keys = [
      this.#keys.sites,
      this.#keys.layout,
      ...codes.flatMap((c) => [this.#keys.used(c), this.#keys.owners(c)]),
    ];
    const [status, ...rest] = tagged(await RELEASE.run(this.#redis, keys, [siteName, ...codes]));
    if (status === "released") return true;
    if (status === "absent") return false;
    // The site sits in a zone the config dropped; its keys were not declared to the script.
    throw new UnknownZoneError(str(rest[0]), codes);
  }

  /**
   * Hands the block `from` holds to the holder name `to`, index unchanged: how a decommission keeps
   * a torn-down site's block out of reach (a new site of the same name gets a new block) until its
   * quarantine ends. Idempotent; undefined when neither name holds a block.
   * @throws RangeError when `to` already holds another block
   */
  async transfer(from: string, to: string): Promise<SiteAllocation | undefined> {
    checkSiteName(from);
    checkSiteName(to);
    const codes = [...this.#zones.keys()];
    const keys = [this.#keys.sites, ...codes.map((c) => this.#keys.owners(c))];
    const [status, ...rest] = tagged(await TRANSFER.run(this.#redis, keys, [from, to, ...codes]));
    switch (status) {
      case "moved": {
        const zone = str(rest[0]);
        const index = int(rest[1]);
        return { zone, index, block: siteBlock(this.#config, zone, index) };
      }
      case "absent":
        return undefined;
      case "taken":
        throw new RangeError(`IPAM holder ${JSON.stringify(to)} already holds a block`);
      default:
        throw new UnknownZoneError(str(rest[0]), codes);
    }
  }

  /**
   * Records the prefixes a site built outside mistflow uses (its subnets, gateway addresses), so
   * allocations never collide with them. Idempotent: adopting again changes nothing.
   */
  async adopt(siteName: string, prefixes: readonly string[]): Promise<Adoption> {
    checkSiteName(siteName);
    const ignored: string[] = [];
    const slots = new Map<string, { zone: string; index: number; exact: boolean }>();
    for (const text of prefixes) {
      const cidr = parseBlockOrAddress(text);
      if (!cidr) {
        ignored.push(text);
        continue;
      }
      for (const slot of overlappingSiteSlots(this.#config, cidr)) {
        const key = `${slot.zone}|${slot.index}`;
        const seen = slots.get(key);
        slots.set(key, { ...slot, exact: slot.exact || (seen?.exact ?? false) });
      }
    }
    // Exact slots first, so the site's own block is an exact one whichever prefix came first.
    const ordered = [...slots.values()].sort((a, b) => Number(b.exact) - Number(a.exact));
    const codes = [...this.#zones.keys()];
    const keys = [
      this.#keys.sites,
      this.#keys.layout,
      ...codes.flatMap((c) => [this.#keys.used(c), this.#keys.owners(c)]),
    ];
    const args = [
      siteName,
      reservedHolder(siteName),
      ordered.length,
      ...ordered.flatMap((s) => [s.zone, s.index, s.exact ? "1" : "0"]),
      ...this.#layoutArgs,
    ];
    const [status, ...rest] = tagged(await ADOPT.run(this.#redis, keys, args));
    if (status === "layout") throw layoutError(rest);
    if (status === "conflict") {
      const flat = Array.isArray(rest[0]) ? rest[0] : [];
      const conflicts: Adoption["conflicts"] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) {
        const zone = str(flat[i]);
        const index = int(flat[i + 1]);
        conflicts.push({ zone, index, block: siteBlock(this.#config, zone, index), owner: str(flat[i + 2]) });
      }
      return { reserved: 0, conflicts, ignored };
    }
    if (status !== "adopted") throw new UnknownZoneError(str(rest[0]), codes);
    const held = str(rest[0]);
    const reserved = int(rest[1]);
    if (!held) return { reserved, conflicts: [], ignored };
    const [zone, index] = held.split("|") as [string, string];
    return {
      held: { zone, index: Number(index), block: siteBlock(this.#config, zone, Number(index)) },
      reserved,
      conflicts: [],
      ignored,
    };
  }

  /** The zone's live allocations, by index. */
  async list(zoneCode: string): Promise<ZoneAllocation[]> {
    const zone = this.#zone(zoneCode);
    const keys = [this.#keys.owners(zone.code), this.#keys.layout];
    const [status, ...rest] = tagged(await LIST.run(this.#redis, keys, [zone.code, zone.fingerprint]));
    if (status === "layout") throw layoutError(rest);
    const flat = Array.isArray(rest[0]) ? rest[0] : [];
    const out: ZoneAllocation[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const index = int(flat[i]);
      out.push({ siteName: str(flat[i + 1]), index, block: siteBlock(this.#config, zone.code, index) });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** Every configured zone with its block and how many of its site blocks are in use. */
  async zones(): Promise<ZoneUsage[]> {
    const zones = [...this.#zones.values()];
    const keys = [this.#keys.layout, ...zones.map((z) => this.#keys.used(z.code))];
    const [status, ...rest] = tagged(await ZONES.run(this.#redis, keys, this.#layoutArgs));
    if (status === "layout") throw layoutError(rest);
    const counts = Array.isArray(rest[0]) ? rest[0].map(int) : [];
    return zones.map(({ code, name, block, capacity }, i) => {
      const used = counts[i] ?? 0;
      return { code, name, block, capacity, used, free: capacity - used };
    });
  }

  #zone(code: string): ZoneInfo & { fingerprint: string } {
    const zone = this.#zones.get(code);
    if (!zone) throw new UnknownZoneError(code, [...this.#zones.keys()]);
    return zone;
  }
}

/** Names are case-sensitive and taken as given (no trimming): "Paris " and "Paris" are two sites. */
function checkSiteName(siteName: string): void {
  if (typeof siteName !== "string" || siteName.length === 0) {
    throw new TypeError("site name must be a non-empty string");
  }
}
