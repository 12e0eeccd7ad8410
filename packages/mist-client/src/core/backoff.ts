import { isMistApiError } from "../errors/mist-api-error";
import { isMistNetworkError } from "../errors/mist-network-error";
import { isMistServerError } from "../errors/mist-server-error";
import { isMistTimeoutError } from "../errors/mist-timeout-error";
import type { HttpMethod, RetryOptions } from "./types";

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * POST is never retried here: Mist has no idempotency keys, so a lost response to a create could
 * create a duplicate. The caller's find-then-create (a new job attempt) is the safe retry.
 */
export function attemptsFor(method: HttpMethod, retry: RetryOptions): number {
  return method === "POST" ? 1 : Math.max(1, retry.attempts);
}

/** 5xx, 408, timeouts and network failures may pass on a second try; 429 never (limiter's job). */
export function isRetryableFailure(e: unknown): boolean {
  if (isMistServerError(e) || isMistTimeoutError(e) || isMistNetworkError(e)) return true;
  return isMistApiError(e) && e.status === 408;
}

/** Exponential backoff with full jitter (AWS architecture blog): uniform in [0, min(max, base·2^(n-1))]. */
export function backoffDelayMs(
  failedAttempt: number,
  retry: RetryOptions,
  random: () => number = Math.random,
) {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}
