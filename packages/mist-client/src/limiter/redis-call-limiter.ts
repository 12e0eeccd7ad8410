import type { Cluster, Redis } from "ioredis";
import { RateLimitWaitError, type RateLimitWaitReason } from "../errors/rate-limit-wait-error";
import { sleep } from "../util/sleep";
import type { CallLimiter, CallPermit } from "./call-limiter";
import { RATE_LIMIT_LUA, RATE_LIMIT_LUA_SHA } from "./rate-limit-script";
import { limiterKey } from "./token-key";

export interface RedisCallLimiterOptions {
  /** The Mist API token; only its SHA-256 digest reaches Redis. */
  token: string;
  /** Key prefix, e.g. `mist:` (default) or a test's `{t-mc-1a2b}`. */
  prefix?: string;
  /** Calls allowed per aligned window. Default 4500: Mist allows 5000/h, the rest is for humans/Terraform. */
  budget?: number;
  /** Window length, aligned to the epoch (so 3 600 000 = clock hours, like Mist's reset). */
  windowMs?: number;
  /** Calls that may go back-to-back before GCRA spacing (windowMs / budget) applies. Default 100. */
  burst?: number;
  /**
   * The end of each window in which a call counts in this window and the next, because it may
   * reach Mist after the window turned. Default windowMs / 10, at most 5 s (5 s of each hour):
   * far longer than a call takes from grant to Mist even on a loaded host. A call whose response
   * is back before the window turns is taken off the next window again, so the band costs budget
   * only for the calls still in flight at the turn.
   */
  guardMs?: number;
  /** Longest wait `acquire()` sleeps through; beyond it, it throws `RateLimitWaitError`. Default 5000. */
  maxInlineWaitMs?: number;
  /** Sees every decision the script takes, e.g. for metrics ("how often do we wait, and why"). */
  onDecision?: (decision: LimiterDecision) => void;
}

export interface LimiterDecision {
  granted: boolean;
  /** 0 when granted. */
  waitMs: number;
  reason: RateLimitWaitReason | undefined;
  /** Redis server time of the decision (ms since epoch); the clock all instances share. */
  serverTimeMs: number;
  /**
   * For a grant in a window's guard band (counted in the next window too): the start of the
   * window it was granted in. Undefined otherwise.
   */
  guardedWindowStart?: number;
}

export interface LimiterUsage {
  /** Calls counted in the current window. */
  used: number;
  budget: number;
  windowResetsInMs: number;
  /** 0 unless a 429 cooldown is active. */
  coolingDownForMs: number;
}

const REASONS: Record<number, RateLimitWaitReason> = { 1: "cooldown", 2: "budget", 3: "smoothing" };

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`RedisCallLimiter: ${name} must be a positive integer`);
  return value;
}

function toNumbers(reply: unknown): number[] {
  if (!Array.isArray(reply)) throw new Error("RedisCallLimiter: unexpected script reply");
  return reply.map((v) => Number(v));
}

/**
 * One Mist call budget per token, shared through Redis by every worker process and queue
 * (docs/design/queues.md §3.4): an hourly budget aligned to the clock window, GCRA smoothing so a batch
 * cannot spend the hour in its first minutes, and a shared cooldown after any 429.
 *
 * @example
 * const limiter = new RedisCallLimiter(redis, { token, prefix: "{mist}:" });
 * const client = new MistClient({ baseUrl, token, tokenAlias: "prod", limiter });
 */
export class RedisCallLimiter implements CallLimiter {
  /** The Redis key (digest only), exposed for operators and tests. */
  readonly key: string;
  readonly budget: number;
  readonly windowMs: number;
  readonly burst: number;
  readonly guardMs: number;
  readonly maxInlineWaitMs: number;

  readonly #redis: Redis | Cluster;
  readonly #intervalMs: number;
  readonly #toleranceMs: number;
  readonly #onDecision: ((decision: LimiterDecision) => void) | undefined;

  constructor(redis: Redis | Cluster, options: RedisCallLimiterOptions) {
    if (options.token === "") throw new TypeError("RedisCallLimiter: token is empty");
    this.#redis = redis;
    this.key = limiterKey(options.token, options.prefix ?? "mist:");
    this.budget = positiveInt("budget", options.budget ?? 4500);
    this.windowMs = positiveInt("windowMs", options.windowMs ?? 3_600_000);
    this.burst = positiveInt("burst", options.burst ?? 100);
    this.guardMs = Math.max(0, Math.floor(options.guardMs ?? Math.min(5_000, this.windowMs / 10)));
    this.maxInlineWaitMs = Math.max(0, options.maxInlineWaitMs ?? 5_000);
    // GCRA: one call per interval on average; `burst` calls may arrive together (tolerance τ).
    this.#intervalMs = this.windowMs / this.budget;
    this.#toleranceMs = (this.burst - 1) * this.#intervalMs;
    this.#onDecision = options.onDecision;
  }

  /**
   * Waits for one call slot. Sleeps inline (with jitter, so woken workers do not stampede) while
   * the total wait stays within `maxInlineWaitMs`; otherwise throws `RateLimitWaitError` so the
   * BullMQ job can be moved to delayed instead of holding a worker.
   */
  async acquire(signal?: AbortSignal): Promise<CallPermit | undefined> {
    const deadline = Date.now() + this.maxInlineWaitMs;
    for (;;) {
      signal?.throwIfAborted();
      const decision = await this.tryAcquire();
      if (decision.granted) {
        const windowStart = decision.guardedWindowStart;
        if (windowStart === undefined) return undefined;
        return {
          // Fire and forget: the call's outcome must not wait on, or fail with, the accounting.
          // A release that fails, or runs after the turn, leaves the double count: the safe side.
          answered: () => {
            this.release(windowStart).catch(() => {});
          },
        };
      }
      if (Date.now() + decision.waitMs > deadline) {
        throw new RateLimitWaitError(decision.waitMs, decision.reason);
      }
      await sleep(decision.waitMs + Math.random() * Math.min(100, 5 + decision.waitMs * 0.1), signal);
    }
  }

  /** One atomic attempt: takes a slot if one is free, else says how long to wait and why. */
  async tryAcquire(): Promise<LimiterDecision> {
    const [waitMs = 0, code = 0, now = 0, guarded = 0] = toNumbers(await this.#run("acquire", 0));
    const decision: LimiterDecision = {
      granted: code === 0,
      waitMs: code === 0 ? 0 : Math.max(1, waitMs),
      reason: REASONS[code],
      serverTimeMs: now,
    };
    if (code === 0 && guarded > 0) decision.guardedWindowStart = guarded;
    try {
      this.#onDecision?.(decision);
    } catch {
      // Observers must not break the budget accounting.
    }
    return decision;
  }

  /**
   * A call granted in the guard band of the window starting at `windowStart` has its response:
   * if that window has not turned yet, the call reached Mist in it, and its count in the next
   * window is taken back. Resolves true when it was.
   */
  async release(windowStart: number): Promise<boolean> {
    const [released = 0] = toNumbers(await this.#run("release", 0, windowStart));
    return released === 1;
  }

  /** After a 429: blocks every instance on this token for `ms` (never shortens a longer cooldown). */
  async cooldown(ms: number): Promise<void> {
    await this.#run("cooldown", Math.max(0, Math.ceil(ms)));
  }

  /** Current accounting, e.g. to compare with `GET /self/usage` or show on a dashboard. */
  async usage(): Promise<LimiterUsage> {
    const [used = 0, resetsIn = 0, cooling = 0] = toNumbers(await this.#run("usage", 0));
    return { used, budget: this.budget, windowResetsInMs: resetsIn, coolingDownForMs: cooling };
  }

  async #run(
    op: "acquire" | "release" | "cooldown" | "usage",
    cooldownMs: number,
    releaseWindowStart = 0,
  ): Promise<unknown> {
    const args = [
      op,
      this.budget,
      this.windowMs,
      this.#intervalMs,
      this.#toleranceMs,
      cooldownMs,
      this.guardMs,
      releaseWindowStart,
    ];
    try {
      return await this.#redis.evalsha(RATE_LIMIT_LUA_SHA, 1, this.key, ...args);
    } catch (e) {
      // Script caches are empty after a Redis restart or failover; EVAL loads it again.
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      return this.#redis.eval(RATE_LIMIT_LUA, 1, this.key, ...args);
    }
  }
}
