import type { StepError } from "@mistflow/contracts";
import {
  isMistApiError,
  isMistRateLimitError,
  isNoTokenError,
  isPermanentMistError,
  isRateLimitWaitError,
} from "@mistflow/mist-client";
import { isLockTimeoutError } from "./lock";

/**
 * A failure a step raises on purpose: bad blueprint data, a device Mist refused, a variable the
 * site lacks. Retrying cannot help, so it is permanent unless said otherwise.
 */
export class StepFailure extends Error {
  override name = "StepFailure";
  constructor(
    message: string,
    readonly permanent = true,
  ) {
    super(message);
  }
}
export const isStepFailure = (e: unknown): e is StepFailure => e instanceof Error && e.name === "StepFailure";

/** A busy find-or-create lock is worth a short wait, not an attempt. */
const LOCK_BUSY_WAIT_MS = 2_000;

/**
 * How long to park a job that must wait for something that will come back by itself: the
 * shared Mist budget, a 429's Retry-After, or a lock another site holds. Undefined otherwise.
 */
export function rateLimitWaitMs(e: unknown): number | undefined {
  if (isRateLimitWaitError(e)) return e.waitMs;
  if (isMistRateLimitError(e)) return e.retryAfterMs;
  if (isLockTimeoutError(e)) return LOCK_BUSY_WAIT_MS;
  return undefined;
}

/** The record's view of a failure: Mist's status and detail verbatim, never request bodies. */
export function toStepError(e: unknown): StepError {
  if (isStepFailure(e)) return { message: e.message, permanent: e.permanent };
  if (isNoTokenError(e)) return { message: e.message, permanent: true };
  if (isMistApiError(e)) {
    return {
      message: e.message,
      ...(e.status ? { status: e.status } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
      permanent: isPermanentMistError(e),
    };
  }
  if (e instanceof Error && e.name === "ZodError")
    return { message: `invalid data: ${e.message}`, permanent: true };
  return { message: e instanceof Error ? e.message : String(e), permanent: false };
}
