import type { z } from "zod";
import type { FaultSpec } from "../middleware/faults/fault-spec";
import type { RateLimitConfig } from "../middleware/rate-limit/rate-limiter";
import type { SimSeed } from "../seed/schema";
import type { SleConfig } from "../sle/sle-store";

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
  /**
   * Faults active from the start (same schema as `POST /__sim/faults`), reinstalled by every reset.
   * @example [{ path: ".*", status: 500, probability: 0.05 }] // 5 % 5xx everywhere
   */
  faults?: ReadonlyArray<z.input<typeof FaultSpec>>;
  /** Length of one firmware-upgrade stage in ms (default 2000: a big-bang upgrade takes 8 s). */
  upgradePhaseMs?: number;
  /** SLE synthesis; `requireDevices` (default true): no SLE data until a device is assigned. */
  sle?: Partial<SleConfig>;
}
