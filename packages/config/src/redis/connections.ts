import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";

/** What every mistflow module accepts: a single Redis or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

const CLUSTER_SCHEME = "redis-cluster://";

/**
 * `redis://host:port/db` for one server; `redis-cluster://host1:port1,host2:port2` for a cluster
 * (any reachable masters; the rest are discovered). Every key mistflow writes carries the prefix's
 * hash tag, so a deployment's queues, records and locks all live in one slot.
 */
export const isClusterUrl = (url: string) => url.startsWith(CLUSTER_SCHEME);

function clusterNodes(url: string): Array<{ host: string; port: number }> {
  return url
    .slice(CLUSTER_SCHEME.length)
    .split(",")
    .map((hostPort) => {
      const [host = "127.0.0.1", port = "6379"] = hostPort.replace(/\/.*$/, "").split(":");
      return { host, port: Number(port) };
    });
}

function connect(url: string, options: RedisOptions, cluster: Partial<ClusterOptions> = {}): RedisClient {
  if (!isClusterUrl(url)) return new Redis(url, options);
  const { enableOfflineQueue, retryStrategy: _single, ...redisOptions } = options;
  return new Cluster(clusterNodes(url), {
    redisOptions,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...cluster,
  });
}

/**
 * Connection roles (BullMQ "going to production"): workers wait for Redis forever; request
 * handlers fail fast so the API answers 503 instead of hanging.
 */
export function workerConnection(url: string, extra: RedisOptions = {}): RedisClient {
  return connect(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
}

export function producerConnection(url: string, extra: RedisOptions = {}): RedisClient {
  const retry = (times: number) => Math.min(times * 200, 2_000);
  return connect(
    url,
    {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
      commandTimeout: 5_000,
      retryStrategy: retry,
      ...extra,
    },
    { clusterRetryStrategy: retry },
  );
}

/** A plain client for tools and tests, single or cluster by URL. */
export const redisClient = (url: string, extra: RedisOptions = {}): RedisClient => connect(url, extra);

/**
 * Resolves once the client is connected, or after `timeoutMs` either way: a process may start
 * while Redis is down (its readiness probe says so), but should not race its own first command.
 */
export function whenReady(redis: RedisClient, timeoutMs = 5_000): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once("ready", onReady);
  });
}

/**
 * Every key matching `pattern`, across all masters of a cluster (SCAN is per node). For
 * maintenance paths (clearing a catalogue, test clean-up), never a request's hot path.
 */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes("master") : [redis];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
  }
  return keys;
}

/** Deletes every key under `prefix` (hash-tagged, so one slot: safe for DEL of many keys). */
export async function deletePrefix(redis: RedisClient, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, `${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  return keys.length;
}
