import { type RedisClient, scanKeys } from "@mistflow/config";

/** Every value under a prefix as text, whatever the key type: for scanning Redis for secrets. */
export async function dumpPrefix(redis: RedisClient, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await scanKeys(redis, `${prefix}*`)) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === "string") parts.push((await redis.get(key)) ?? "");
    else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, 0, -1, "WITHSCORES")));
    else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
  }
  return parts.join("\n");
}
