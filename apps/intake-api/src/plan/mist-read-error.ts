import { isMistApiError, isNoTokenError, isRateLimitWaitError } from "@mistflow/mist-client";
import type { Context } from "hono";
import { ApiError } from "../errors";

/**
 * What a read-only plan answers when Mist would not: a missing token is the caller's to fix
 * (422), a spent budget says when to retry (503 + Retry-After), a Mist error names the call (502).
 */
export function mistReadError(c: Context, e: unknown): unknown {
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
