import type { StepError } from "@mistflow/contracts";
import {
  isMistApiError,
  isMistRateLimitError,
  isPermanentMistError,
  isRateLimitWaitError,
} from "@mistflow/mist-client";

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

/** How long to park a job that hit the shared Mist budget or a 429, or undefined if it did not. */
export function rateLimitWaitMs(e: unknown): number | undefined {
  if (isRateLimitWaitError(e)) return e.waitMs;
  if (isMistRateLimitError(e)) return e.retryAfterMs;
  return undefined;
}

/** The record's view of a failure: Mist's status and detail verbatim, never request bodies. */
export function toStepError(e: unknown): StepError {
  if (isStepFailure(e)) return { message: e.message, permanent: e.permanent };
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
