/**
 * What the request core needs from a rate limiter. One implementation is shared by every worker
 * process through Redis ({@link RedisCallLimiter}); tests may pass a tiny in-process fake.
 */
export interface CallLimiter {
  /**
   * Resolves when one Mist call may be made (the call is then counted). Throws
   * `RateLimitWaitError` when the wait is too long to hold a worker slot.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /** After a 429: nobody using this token calls Mist for the next `ms` milliseconds. */
  cooldown(ms: number): Promise<void>;
}
