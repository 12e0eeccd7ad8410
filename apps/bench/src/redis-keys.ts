import type { Redis } from "ioredis";

/** Every key under `prefix` (SCAN, never KEYS: the Redis may be shared). */
export async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${escapeGlob(prefix)}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/** A prefix such as `{bench-1a2b}` must match literally: braces are fine, glob metacharacters are not. */
const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** Removes a benchmark's keys; a benchmark never touches keys outside its own prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
  return keys.length;
}

/** `MEMORY USAGE` of each key (all samples, so large hashes and streams are not estimated). */
export async function memoryUsage(redis: Redis, keys: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200);
    const pipe = redis.pipeline();
    for (const k of batch) pipe.call("MEMORY", "USAGE", k, "SAMPLES", "0");
    const replies = (await pipe.exec()) ?? [];
    batch.forEach((k, j) => {
      const value = replies[j]?.[1];
      if (typeof value === "number") sizes.set(k, value);
    });
  }
  return sizes;
}
