import { isMistApiError } from "./mist-api-error";
import { isRateLimitWaitError } from "./rate-limit-wait-error";

/**
 * True for Mist failures no retry can fix (400/401/403/404, schema mismatch): a worker should throw
 * BullMQ's `UnrecoverableError`. Unknown errors are neither permanent nor transient here.
 */
export function isPermanentMistError(e: unknown): boolean {
  return isMistApiError(e) && e.permanent === true;
}

/** True for failures that may pass later: 429, 5xx, 408, timeouts, network, limiter waits. */
export function isTransientMistError(e: unknown): boolean {
  return isRateLimitWaitError(e) || (isMistApiError(e) && e.permanent === false);
}
