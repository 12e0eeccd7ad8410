import { randomBytes } from "node:crypto";
import {
  defineLuaCommands,
  luaCommands,
  MARKER_COMMANDS,
  type MarkerCommands,
  type RedisClient,
} from "@mistflow/config";

const LOCK_COMMANDS = luaCommands(new URL("./lua/", import.meta.url), ["extend-if-holder-1"]);
type LockRedis = RedisClient &
  MarkerCommands & { mfExtendIfHolder(lock: string, holder: string, leaseMs: number): Promise<number> };

export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
}
export const isLockTimeoutError = (e: unknown): e is LockTimeoutError =>
  e instanceof Error && e.name === "LockTimeoutError";

export interface LockOptions {
  /** How long the lock survives a holder that died (kill -9) before someone else may take it. */
  ttlMs?: number;
  /**
   * How long to wait for it before giving up with `LockTimeoutError`. Short on purpose: workers
   * park the job instead of holding a slot while another site's step holds the lock.
   */
  waitMs?: number;
}

/**
 * Mutual exclusion across worker processes for find-then-create against Mist, which has no
 * uniqueness constraints: two sites of one blueprint racing to create the same template would
 * otherwise both create it. The lease is renewed while the holder works.
 */
export class RedisLock {
  private readonly redis: LockRedis;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    /**
     * Lease of a holder that stopped renewing (it died). Keep it longer than a Mist call may take:
     * a create still in flight from a killed worker must land before anyone looks again.
     */
    private readonly defaultTtlMs = 45_000,
  ) {
    // Release is the markers' compare-and-delete; renewal the same check around PEXPIRE.
    this.redis = defineLuaCommands<LockRedis>(redis, MARKER_COMMANDS, LOCK_COMMANDS);
  }

  async with<T>(name: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    const ttl = opts.ttlMs ?? this.defaultTtlMs;
    const key = `${this.prefix}:lock:${name}`;
    const token = randomBytes(12).toString("hex");
    const deadline = Date.now() + (opts.waitMs ?? 10_000);
    let delay = 20;
    while ((await this.redis.set(key, token, "PX", ttl, "NX")) !== "OK") {
      if (Date.now() > deadline) throw new LockTimeoutError(`timed out waiting for lock ${name}`);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 500);
    }
    const renew = setInterval(
      () => void this.redis.mfExtendIfHolder(key, token, ttl).catch(() => {}),
      ttl / 3,
    );
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.mfReleaseIfHolder(key, token).catch(() => {});
    }
  }
}
