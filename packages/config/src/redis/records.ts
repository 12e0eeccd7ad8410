import type { RedisClient } from "./connections";
import { defineLuaCommands, type LuaCommand, luaCommands } from "./lua-commands";

/** `mfReleaseIfHolder(marker, holder)`: drops a marker or lock only for the one holding it. */
export const MARKER_COMMANDS = luaCommands(new URL("./lua/", import.meta.url), ["release-if-holder-1"]);
export interface MarkerCommands {
  mfReleaseIfHolder(marker: string, holder: string): Promise<number>;
}

/** Field/value pairs for HSET and the scripts: strings as they are, anything else as JSON. */
export const hashPairs = (fields: Record<string, unknown>): string[] =>
  Object.entries(fields).flatMap(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);

/** A JSON field of a record hash, or `fallback` while it is not written. */
export const jsonField = <T>(raw: string | null | undefined, fallback: T): T =>
  raw ? (JSON.parse(raw) as T) : fallback;

/** `<kind> <id> not found`; each store's subclass names itself, which is what callers test. */
export class RecordNotFoundError extends Error {
  constructor(
    kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
  }
}

/** By name, as every guard of the repo tests: it holds across two copies of one class. */
export const errorNamed =
  <E extends Error>(name: string) =>
  (e: unknown): e is E =>
    e instanceof Error && e.name === name;

/**
 * What every record store shares: one hash per record (`<prefix>:<kind>:<id>`, inside the
 * prefix's hash tag, so one slot in a cluster), a sorted set of ids by creation time
 * (`<prefix>:<kind>s`), and its scripts defined once on the client.
 */
export abstract class RecordStore<Commands extends object = object> {
  protected readonly redis: RedisClient & Commands;

  constructor(
    redis: RedisClient,
    protected readonly prefix: string,
    private readonly kind: string,
    ...scripts: (readonly LuaCommand[])[]
  ) {
    this.redis = defineLuaCommands<Commands>(redis, ...scripts);
  }

  key(id: string): string {
    return `${this.prefix}:${this.kind}:${id}`;
  }

  protected get indexKey(): string {
    return `${this.prefix}:${this.kind}s`;
  }

  /** Newest first. */
  list(limit = 50, offset = 0): Promise<string[]> {
    return this.redis.zrevrange(this.indexKey, offset, offset + limit - 1);
  }
}
