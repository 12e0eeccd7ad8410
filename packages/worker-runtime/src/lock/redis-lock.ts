import { randomBytes } from "node:crypto";
import type { RedisClient } from "@mistflow/config";

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

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
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /**
     * Lease of a holder that stopped renewing (it died). Keep it longer than a Mist call may take:
     * a create still in flight from a killed worker must land before anyone looks again.
     */
    private readonly defaultTtlMs = 45_000,
  ) {}

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
      () => void this.redis.eval(EXTEND, 1, key, token, ttl).catch(() => {}),
      ttl / 3,
    );
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, key, token).catch(() => {});
    }
  }
}
