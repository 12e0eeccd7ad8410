import type { RateLimitConfig } from "../middleware/rate-limit/rate-limiter";
import type { SimSeed } from "../seed/schema";

export interface SimOptions {
  /** World to start from (and to return to on reset). Default: the bundled `DEFAULT_SEED`. */
  seed?: SimSeed;
  /**
   * Per-token call budget in clock-aligned windows (`floor(now / windowMs)`).
   * Default `{ perWindow: 5000, windowMs: 3_600_000 }`, Mist's documented limit; `false` = off.
   */
  rateLimit?: RateLimitConfig | false;
  /** PRNG seed for probabilistic faults, so flaky-network rehearsals are reproducible. */
  faultSeed?: number;
  /** ms epoch; inject a fake clock to drive rate-limit windows and timestamps in tests. */
  clock?: () => number;
}
