import { hasErrorName } from "./has-name";

/** Why the shared limiter said "not yet". */
export type RateLimitWaitReason = "cooldown" | "budget" | "smoothing";

/**
 * Thrown by the limiter before any HTTP call when the wait is too long to sleep inline. The job
 * should be moved to `delayed` for `waitMs` (no attempt consumed) instead of holding a worker slot.
 */
export class RateLimitWaitError extends Error {
  readonly waitMs: number;
  readonly reason: RateLimitWaitReason;
  /** Always transient: the budget comes back. Present so one `permanent` check covers every error. */
  readonly permanent = false;

  constructor(waitMs: number, reason: RateLimitWaitReason = "budget") {
    super(`Mist call budget: wait ${Math.ceil(waitMs)} ms (${reason}) before calling again`);
    this.name = "RateLimitWaitError";
    this.waitMs = waitMs;
    this.reason = reason;
  }
}

export function isRateLimitWaitError(e: unknown): e is RateLimitWaitError {
  return hasErrorName(e, "RateLimitWaitError");
}
