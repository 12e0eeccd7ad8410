/**
 * Handed back for a call that the limiter counted twice because it may reach Mist after the
 * window turns. `answered()` says a response came back: the call has certainly arrived.
 */
export interface CallPermit {
  answered(): void;
}

/**
 * What the request core needs from a rate limiter. One implementation is shared by every worker
 * process through Redis ({@link RedisCallLimiter}); tests may pass a tiny in-process fake.
 */
export interface CallLimiter {
  /**
   * Resolves when one Mist call may be made (the call is then counted), with a permit when the
   * count can still be corrected once the response is back. Throws `RateLimitWaitError` when the
   * wait is too long to hold a worker slot.
   */
  acquire(signal?: AbortSignal): Promise<CallPermit | undefined>;
  /** After a 429: nobody using this token calls Mist for the next `ms` milliseconds. */
  cooldown(ms: number): Promise<void>;
}
