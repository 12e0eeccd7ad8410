import { createHash } from "node:crypto";
import { defineLuaCommands, luaCommands, type RedisClient, scanKeys } from "@mistflow/config";
import { canonicalJson } from "../deployment-id";

const fingerprints = new Map<string, string>();
/** The steps of every site rebuild the same desired bodies; past this many, they are hashed anew. */
const MAX_FINGERPRINTS = 2_000;

/**
 * Identity of a desired object's exact content: a changed blueprint object gets a new one.
 * Remembered by the object's plain JSON (the same builder gives the same key order), so the
 * canonical form and its hash are computed once per body, not once per step of every site.
 */
export const fingerprint = (desired: unknown): string => {
  const plain = JSON.stringify(desired);
  const known = fingerprints.get(plain);
  if (known) return known;
  const made = createHash("sha256").update(canonicalJson(desired)).digest("hex").slice(0, 24);
  if (fingerprints.size < MAX_FINGERPRINTS) fingerprints.set(plain, made);
  return made;
};

const SCRIPTS = luaCommands(new URL("./lua/", import.meta.url), ["first-site-claim-1", "first-site-renew-1"]);
type ClaimCommand = (claim: string, holder: string, ttlMs: number) => Promise<number>;
type ScriptedRedis = RedisClient & { mfFirstSiteClaim: ClaimCommand; mfFirstSiteRenew: ClaimCommand };

/**
 * What mistflow last verified in Mist, per org and object kind: content fingerprint → Mist id.
 * The second and later sites of a batch find every org-level object here and spend no calls on
 * steps 3-13. Entries expire (default 15 minutes), so an object changed or deleted by hand is
 * looked at again soon; late binding also drops an org's catalogue when Mist rejects an id.
 */
export class OrgCatalog {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds = 900,
  ) {
    this.redis = defineLuaCommands<ScriptedRedis>(redis, SCRIPTS);
  }

  private key(orgId: string, kind: string) {
    return `${this.prefix}:catalog:${orgId}:${kind}`;
  }

  /** Ids for every fingerprint, or undefined if any one is unknown (then the step verifies all). */
  async lookup(orgId: string, kind: string, fingerprints: readonly string[]): Promise<string[] | undefined> {
    if (fingerprints.length === 0) return [];
    const ids = await this.redis.hmget(this.key(orgId, kind), ...fingerprints);
    return ids.every((id): id is string => typeof id === "string") ? ids : undefined;
  }

  async remember(orgId: string, kind: string, entries: ReadonlyMap<string, string>): Promise<void> {
    if (entries.size === 0) return;
    const key = this.key(orgId, kind);
    await this.redis.multi().hset(key, Object.fromEntries(entries)).expire(key, this.ttlSeconds).exec();
  }

  /** Drops what is known of some kinds only: the objects Mist just said do not exist. */
  async forget(orgId: string, kinds: readonly string[]): Promise<void> {
    if (kinds.length > 0) await this.redis.del(...kinds.map((kind) => this.key(orgId, kind)));
  }

  /**
   * The short "first site" claim of a blueprint version in an org: the one site that goes ahead
   * and creates itself unbound while its own org steps make the templates, so the sites submitted
   * with it can wait for those and create themselves already bound. True for the holder (again on
   * its retries); it lapses by itself, so a holder that dies blocks nobody for long. It lives with
   * the catalogue, so whatever drops an org's catalogue drops the claim too.
   */
  async claimFirstSite(orgId: string, digest: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.mfFirstSiteClaim(this.firstSiteKey(orgId, digest), holder, ttlMs)) === 1;
  }

  /**
   * The holder's org steps are making progress: its claim lives another `ttlMs`. False (and
   * nothing changed) for anyone else, or once the claim has lapsed.
   */
  async renewFirstSite(orgId: string, digest: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.mfFirstSiteRenew(this.firstSiteKey(orgId, digest), holder, ttlMs)) === 1;
  }

  private firstSiteKey(orgId: string, digest: string) {
    return `${this.prefix}:catalog:${orgId}:~first-site:${digest}`;
  }

  async forgetOrg(orgId: string): Promise<void> {
    const keys = await scanKeys(this.redis, `${this.prefix}:catalog:${orgId}:*`);
    if (keys.length > 0) await this.redis.del(...keys);
  }
}
