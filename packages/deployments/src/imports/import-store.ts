import { randomBytes } from "node:crypto";
import type { RedisClient } from "@mistflow/config";
import {
  SiteAdoption as AdoptionSchema,
  ImportView as ImportSchema,
  type ImportView,
  type SiteAdoption,
} from "@mistflow/contracts";

export const newImportId = (): string => `imp-${randomBytes(12).toString("hex")}`;
export const IMPORT_ID = /^imp-[0-9a-f]{24}$/;

/** Imports answered so far, kept for review; adoptions are the lasting part. */
const IMPORTS_KEPT_S = 90 * 86_400;

/**
 * Brownfield imports and the site adoptions they made. An adoption is keyed by Mist site id and
 * replaced by a later import of the same site, so importing an org again converges.
 */
export class ImportStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private importKey(id: string) {
    return `${this.prefix}:import:${id}`;
  }
  private get importIndex() {
    return `${this.prefix}:imports`;
  }
  private get adoptionsKey() {
    return `${this.prefix}:adoptions`;
  }

  async save(view: ImportView): Promise<void> {
    const multi = this.redis
      .multi()
      .set(this.importKey(view.id), JSON.stringify(view), "EX", IMPORTS_KEPT_S)
      .zadd(this.importIndex, Date.parse(view.created_at), view.id);
    for (const a of view.adoptions) multi.hset(this.adoptionsKey, a.site_id, JSON.stringify(a));
    await multi.exec();
  }

  async get(id: string): Promise<ImportView | undefined> {
    const raw = await this.redis.get(this.importKey(id));
    return raw ? ImportSchema.parse(JSON.parse(raw)) : undefined;
  }

  /** Newest first; ids whose record expired are dropped from the index as they are met. */
  async list(limit = 50): Promise<ImportView[]> {
    const ids = await this.redis.zrevrange(this.importIndex, 0, limit - 1);
    const views = await Promise.all(ids.map((id) => this.get(id)));
    const gone = ids.filter((_, i) => !views[i]);
    if (gone.length > 0) await this.redis.zrem(this.importIndex, ...gone);
    return views.filter((v): v is ImportView => v !== undefined);
  }

  async adoption(siteId: string): Promise<SiteAdoption | undefined> {
    const raw = await this.redis.hget(this.adoptionsKey, siteId);
    return raw ? AdoptionSchema.parse(JSON.parse(raw)) : undefined;
  }
}
