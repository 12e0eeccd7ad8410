import { defineLuaCommands, luaCommands, type RedisClient } from "@mistflow/config";
import type { MistClient } from "@mistflow/mist-client";
import type { RedisLock } from "@mistflow/worker-runtime";

export interface KnownSite {
  id: string;
  sitegroup_ids: string[];
  /** The templates the site is bound to, as Mist listed them or as mistflow created it. */
  gatewaytemplate_id?: string;
  networktemplate_id?: string;
  rftemplate_id?: string;
  /**
   * The deployment whose step 1 created it: that step, run again (its next call waited for
   * budget), finds its own site and need not send it again.
   */
  created_by?: string;
}

const TEMPLATE_FIELDS = ["gatewaytemplate_id", "networktemplate_id", "rftemplate_id"] as const;

/** What the directory keeps of a site Mist returned (a listing or a search). */
export function knownSite(site: { id: string } & Record<string, unknown>): KnownSite {
  const known: KnownSite = {
    id: site.id,
    sitegroup_ids: Array.isArray(site.sitegroup_ids) ? (site.sitegroup_ids as string[]) : [],
  };
  for (const f of TEMPLATE_FIELDS) if (typeof site[f] === "string") known[f] = site[f] as string;
  return known;
}

const DIRECTORY_COMMANDS = luaCommands(new URL("./lua/", import.meta.url), ["hset-if-exists-1"]);
type DirectoryRedis = RedisClient & {
  mfHsetIfExists(hash: string, field: string, value: string): Promise<number>;
};

/**
 * The org's sites by name, listed once per batch instead of searched once per site. The list is
 * a snapshot with a short TTL; sites mistflow creates are added as it creates them (under the
 * per-site lock), so within one batch only a site created by someone else in the meantime could
 * be missed, and the TTL bounds that window.
 */
export class SiteDirectory {
  private readonly redis: DirectoryRedis;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly lock: RedisLock,
    private readonly ttlSeconds = 300,
  ) {
    this.redis = defineLuaCommands<DirectoryRedis>(redis, DIRECTORY_COMMANDS);
  }

  private key(orgId: string) {
    return `${this.prefix}:sites:${orgId}`;
  }

  private async cached(orgId: string, name: string): Promise<{ hit: boolean; site?: KnownSite }> {
    const [complete, raw] = await this.redis.hmget(this.key(orgId), "\u0000complete", name.toLowerCase());
    if (!complete) return { hit: false };
    return raw ? { hit: true, site: JSON.parse(raw) as KnownSite } : { hit: true };
  }

  async find(mist: MistClient, orgId: string, name: string): Promise<KnownSite | undefined> {
    const first = await this.cached(orgId, name);
    if (first.hit) return first.site;
    // One listing for everyone: the sites of a batch arrive together and would all list at once.
    return this.lock.with(`${orgId}:site-directory`, async () => {
      const again = await this.cached(orgId, name);
      return again.hit ? again.site : this.load(mist, orgId, name);
    });
  }

  private async load(mist: MistClient, orgId: string, name: string): Promise<KnownSite | undefined> {
    const key = this.key(orgId);
    const sites = await mist.sites.list(orgId);
    const entries: Record<string, string> = { "\u0000complete": "1" };
    // Oldest first, so with duplicate names (made by hand) the oldest is the one we keep using.
    for (const site of [...sites].reverse())
      entries[site.name.toLowerCase()] = JSON.stringify(knownSite(site));
    await this.redis.multi().del(key).hset(key, entries).expire(key, this.ttlSeconds).exec();
    const found = entries[name.toLowerCase()];
    return found ? (JSON.parse(found) as KnownSite) : undefined;
  }

  async remember(orgId: string, name: string, site: KnownSite): Promise<void> {
    const key = this.key(orgId);
    // Only into a live snapshot: an expired one must be listed again, not half-rebuilt.
    await this.redis.mfHsetIfExists(key, name.toLowerCase(), JSON.stringify(site));
  }

  private intentKey(orgId: string, name: string) {
    return `${this.prefix}:site-intent:${orgId}:${name.toLowerCase()}`;
  }

  /**
   * Written just before a create. If the worker dies with the create in flight, Mist may still
   * make the site after our snapshot was taken; the next attempt sees this mark and searches
   * instead of trusting the snapshot, so it finds that site rather than making a second one.
   */
  async markCreating(orgId: string, name: string): Promise<void> {
    await this.redis.set(this.intentKey(orgId, name), "1", "EX", 86_400);
  }

  async wasCreating(orgId: string, name: string): Promise<boolean> {
    return (await this.redis.exists(this.intentKey(orgId, name))) === 1;
  }

  /** The create was never sent (it waited for budget first): nothing to search for next time. */
  async notCreating(orgId: string, name: string): Promise<void> {
    await this.redis.del(this.intentKey(orgId, name));
  }

  async created(orgId: string, name: string, site: KnownSite): Promise<void> {
    await this.remember(orgId, name, site);
    await this.redis.del(this.intentKey(orgId, name));
  }

  async forget(orgId: string): Promise<void> {
    await this.redis.del(this.key(orgId));
  }
}
