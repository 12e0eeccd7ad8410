export interface RateLimitConfig {
  perWindow: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perWindow: 5000, windowMs: 3_600_000 };

export type ConsumeResult = { allowed: true } | { allowed: false; retryAfterS: number };

export interface Usage {
  requests: number;
  request_limit: number;
  /** Seconds until the current window resets. */
  seconds: number;
}

interface Bucket {
  window: number;
  count: number;
}

/**
 * Fixed-window call budget per key. Windows are aligned to the clock (`floor(now / windowMs)`),
 * matching Mist's "reset at the hourly boundary". When disabled, calls are still counted (so
 * /self/usage stays informative) but never refused.
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private config: RateLimitConfig;
  private enabled: boolean;

  constructor(
    config: RateLimitConfig | false,
    private readonly clock: () => number,
  ) {
    this.config = config === false ? DEFAULT_RATE_LIMIT : config;
    this.enabled = config !== false;
  }

  /** Current setting, `false` when enforcement is off. */
  get current(): RateLimitConfig | false {
    return this.enabled ? { ...this.config } : false;
  }

  /** Changing the budget starts every key from zero, because old counts belong to another window size. */
  configure(config: RateLimitConfig | false): void {
    if (config === false) this.enabled = false;
    else {
      this.config = { ...config };
      this.enabled = true;
    }
    this.buckets.clear();
  }

  consume(key: string): ConsumeResult {
    const bucket = this.bucket(key);
    if (this.enabled && bucket.count >= this.config.perWindow) {
      return { allowed: false, retryAfterS: this.secondsLeft() };
    }
    bucket.count++;
    return { allowed: true };
  }

  /** Give back one call, used when the response turned out to be a 429 (those do not count). */
  refund(key: string): void {
    const bucket = this.bucket(key);
    if (bucket.count > 0) bucket.count--;
  }

  usage(key: string): Usage {
    return {
      requests: this.bucket(key).count,
      request_limit: this.config.perWindow,
      seconds: this.secondsLeft(),
    };
  }

  reset(): void {
    this.buckets.clear();
  }

  private bucket(key: string): Bucket {
    const window = Math.floor(this.clock() / this.config.windowMs);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.window !== window) {
      bucket = { window, count: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private secondsLeft(): number {
    const now = this.clock();
    const end = (Math.floor(now / this.config.windowMs) + 1) * this.config.windowMs;
    return Math.max(1, Math.ceil((end - now) / 1000));
  }
}
