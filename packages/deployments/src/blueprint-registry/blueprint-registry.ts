import { effectiveBlueprint, fromBlueprint, type LoadedBlueprint } from "@mistflow/blueprints";
import type { RedisClient } from "@mistflow/config";
import {
  Blueprint,
  type BlueprintDetail,
  type BlueprintSummary,
  BlueprintVersionRecord,
  SiteBinding,
} from "@mistflow/contracts";
import { sitegroupOf } from "@mistflow/desired-state";

export class BlueprintVersionError extends Error {
  override name = "BlueprintVersionError";
}
export const isBlueprintVersionError = (e: unknown): e is BlueprintVersionError =>
  e instanceof Error && e.name === "BlueprintVersionError";

/** One version as stored: its record plus the blueprint as written and as deployed. */
interface StoredVersion {
  record: BlueprintVersionRecord;
  source: string;
  effective: string;
}

const objectsOf = (bp: Blueprint): BlueprintVersionRecord["objects"] => ({
  ...(bp.gateway_template ? { gateway_template: bp.gateway_template.name } : {}),
  ...(bp.switch_template ? { switch_template: bp.switch_template.name } : {}),
  ...(bp.rf_template ? { rf_template: bp.rf_template.name } : {}),
  ...(bp.wlan_template ? { wlan_template: bp.wlan_template.name, site_group: sitegroupOf(bp) } : {}),
});

/**
 * Every version of every blueprint mistflow has deployed, and which version each site is bound
 * to. A version number names one content for ever: registering the same number with other
 * content is refused (the operator must bump it), so "site X is on v3" always means one thing.
 * The deployed (effective) content of each version is also kept under the deployment store's
 * blueprint key, where workers read it by digest.
 */
export class BlueprintRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private get namesKey() {
    return `${this.prefix}:bpreg:names`;
  }
  private versionsKey(name: string) {
    return `${this.prefix}:bpreg:${name}:versions`;
  }
  private sitesKey(name: string) {
    return `${this.prefix}:bpreg:${name}:sites`;
  }
  private siteKey(siteId: string) {
    return `${this.prefix}:bpreg:site:${siteId}`;
  }
  /** The same key `DeploymentStore.blueprintKey` reads, so workers find every version by digest. */
  private blueprintKey(digest: string) {
    return `${this.prefix}:blueprint:${digest}`;
  }

  private async stored(name: string): Promise<StoredVersion[]> {
    const all = await this.redis.hvals(this.versionsKey(name));
    return all
      .map((raw) => JSON.parse(raw) as StoredVersion)
      .sort((a, b) => a.record.version - b.record.version);
  }

  private static loaded(v: StoredVersion): LoadedBlueprint {
    return fromBlueprint(Blueprint.parse(JSON.parse(v.effective)), `${v.record.name} v${v.record.version}`);
  }

  /**
   * Records a blueprint as written (from the catalog) and answers what its version deploys.
   * Idempotent: the same content under the same number answers the recorded version.
   */
  async register(source: LoadedBlueprint): Promise<LoadedBlueprint> {
    const { name, version } = source.blueprint;
    const versions = await this.stored(name);
    const existing = versions.find((v) => v.record.version === version);
    if (existing) return this.sameContent(existing, source);
    const newest = versions.at(-1);
    if (newest && newest.record.version > version)
      throw new BlueprintVersionError(
        `${source.file}: blueprint ${name} version ${version} is older than its newest registered version ${newest.record.version}; give the change a version above ${newest.record.version}`,
      );
    // Through the schema again: its key order is the canonical form the digest is taken of.
    const effective = Blueprint.parse(
      effectiveBlueprint(
        source.blueprint,
        newest
          ? {
              source: Blueprint.parse(JSON.parse(newest.source)),
              effective: Blueprint.parse(JSON.parse(newest.effective)),
            }
          : undefined,
      ),
    );
    const loaded = fromBlueprint(effective, source.file);
    const entry: StoredVersion = {
      record: BlueprintVersionRecord.parse({
        name,
        version,
        digest: loaded.ref.digest,
        source_digest: source.ref.digest,
        registered_at: new Date().toISOString(),
        objects: objectsOf(effective),
      }),
      source: source.json,
      effective: loaded.json,
    };
    // The snapshot first: a version listed must always be deployable.
    await this.redis.set(this.blueprintKey(loaded.ref.digest), loaded.json, "NX");
    const won = await this.redis.hsetnx(this.versionsKey(name), String(version), JSON.stringify(entry));
    await this.redis.sadd(this.namesKey, name);
    if (won) return loaded;
    // Another process registered this number at the same moment: it must have the same content.
    const raced = (await this.stored(name)).find((v) => v.record.version === version);
    if (!raced) throw new Error(`blueprint ${name} version ${version} vanished while registering`);
    return this.sameContent(raced, source);
  }

  private sameContent(existing: StoredVersion, source: LoadedBlueprint): LoadedBlueprint {
    if (existing.record.source_digest !== source.ref.digest)
      throw new BlueprintVersionError(
        `${source.file}: blueprint ${source.blueprint.name} version ${source.blueprint.version} is already registered with different content (digest ${existing.record.source_digest}, this file ${source.ref.digest}); bump its version`,
      );
    return BlueprintRegistry.loaded(existing);
  }

  /** What a version deploys; the newest when no version is given. Undefined when not registered. */
  async resolve(name: string, version?: number): Promise<LoadedBlueprint | undefined> {
    if (version !== undefined) {
      const raw = await this.redis.hget(this.versionsKey(name), String(version));
      return raw ? BlueprintRegistry.loaded(JSON.parse(raw) as StoredVersion) : undefined;
    }
    const newest = (await this.stored(name)).at(-1);
    return newest ? BlueprintRegistry.loaded(newest) : undefined;
  }

  /** The blueprint as written for one version (what a plan compares versions on). */
  async source(name: string, version: number): Promise<Blueprint | undefined> {
    const raw = await this.redis.hget(this.versionsKey(name), String(version));
    return raw ? Blueprint.parse(JSON.parse((JSON.parse(raw) as StoredVersion).source)) : undefined;
  }

  async versions(name: string): Promise<BlueprintVersionRecord[]> {
    return (await this.stored(name)).map((v) => v.record);
  }

  async names(): Promise<string[]> {
    return (await this.redis.smembers(this.namesKey)).sort();
  }

  /**
   * Records that a site now runs a version. A site is bound to one blueprint: deployed again
   * under another one, it leaves the first.
   */
  async bind(binding: SiteBinding): Promise<void> {
    const b = SiteBinding.parse(binding);
    const previous = await this.redis.get(this.siteKey(b.site_id));
    const tx = this.redis.multi();
    if (previous && previous !== b.blueprint) tx.hdel(this.sitesKey(previous), b.site_id);
    tx.hset(this.sitesKey(b.blueprint), b.site_id, JSON.stringify(b));
    tx.set(this.siteKey(b.site_id), b.blueprint);
    tx.sadd(this.namesKey, b.blueprint);
    await tx.exec();
  }

  /** True for the one caller that runs the backfill of bindings for this Redis. */
  async claimBackfill(): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:bpreg:backfilled`, new Date().toISOString(), "NX")) === "OK";
  }

  /** A decommissioned site is bound to nothing. */
  async unbind(siteId: string): Promise<void> {
    const name = await this.redis.get(this.siteKey(siteId));
    if (!name) return;
    await this.redis.multi().hdel(this.sitesKey(name), siteId).del(this.siteKey(siteId)).exec();
  }

  async binding(siteId: string): Promise<SiteBinding | undefined> {
    const name = await this.redis.get(this.siteKey(siteId));
    const raw = name ? await this.redis.hget(this.sitesKey(name), siteId) : null;
    return raw ? SiteBinding.parse(JSON.parse(raw)) : undefined;
  }

  /** Bound sites of a blueprint, by site name. */
  async bindings(name: string): Promise<SiteBinding[]> {
    const all = await this.redis.hvals(this.sitesKey(name));
    return all
      .map((raw) => SiteBinding.parse(JSON.parse(raw)))
      .sort((a, b) => a.site_name.localeCompare(b.site_name) || a.site_id.localeCompare(b.site_id));
  }

  async summaries(): Promise<BlueprintSummary[]> {
    return Promise.all((await this.names()).map((n) => this.summary(n)));
  }

  private async summary(name: string): Promise<BlueprintSummary> {
    const [versions, sites] = await Promise.all([this.versions(name), this.bindings(name)]);
    const sitesByVersion: Record<string, number> = {};
    for (const s of sites) sitesByVersion[s.version] = (sitesByVersion[s.version] ?? 0) + 1;
    return {
      name,
      latest_version: versions.at(-1)?.version ?? 0,
      versions: versions.length,
      sites_by_version: sitesByVersion,
    };
  }

  async detail(name: string): Promise<BlueprintDetail | undefined> {
    const [versions, sites] = await Promise.all([this.versions(name), this.bindings(name)]);
    if (versions.length === 0 && sites.length === 0) return undefined;
    return {
      name,
      latest_version: versions.at(-1)?.version ?? 0,
      versions: versions.map((v) => ({ ...v, sites: sites.filter((s) => s.version === v.version) })),
    };
  }
}
