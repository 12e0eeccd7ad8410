import { isMistApiError, isNoTokenError, isRateLimitWaitError } from "@mistflow/mist-client";
import { isPlanRefusal } from "@mistflow/plan";
import type { Context } from "hono";
import { ApiError, validationError } from "./api-error";

/**
 * What a read-only plan answers when it cannot plan (404 / 422 from the planner's refusal) or Mist
 * would not answer: a missing token is the caller's to fix
 * (422), a spent budget says when to retry (503 + Retry-After), a Mist error names the call (502).
 */
export function mistReadError(c: Context, e: unknown): unknown {
  // The planner's own refusals: what was asked cannot be planned.
  if (isPlanRefusal(e))
    return e.kind === "not_found"
      ? new ApiError(404, "not_found", e.message)
      : validationError([...e.issues], 422);
  if (isNoTokenError(e)) return new ApiError(422, "validation_failed", e.message);
  if (isRateLimitWaitError(e)) {
    c.header("Retry-After", String(Math.ceil(e.waitMs / 1000)));
    return new ApiError(503, "mist_budget", `${e.message}; retry the plan later`);
  }
  if (isMistApiError(e)) {
    const detail = e.detail ? `: ${e.detail}` : "";
    return new ApiError(
      502,
      "mist_error",
      `Mist answered ${e.status ?? "no response"} to ${e.method} ${e.path}${detail}`,
    );
  }
  return e;
}
