import type { MiddlewareHandler } from "hono";
import {
  DETAIL_FORBIDDEN,
  DETAIL_INVALID_TOKEN,
  DETAIL_NOT_FOUND,
  DETAIL_SERVER_ERROR,
  MistApiError,
} from "../../errors";
import type { SimEnv } from "../../http/types";
import type { FaultRegistry } from "./fault-registry";
import { sleep } from "./sleep";

/** A hung request is cut off after this long even if the client keeps waiting. */
const HANG_MAX_MS = 5 * 60_000;
/** Recorded in the ledger when no response was delivered (nginx's "client closed request"). */
const STATUS_NO_RESPONSE = 499;
/** Retry-After sent by injected 429s without `retry_after_s`: short, so retrying tests stay fast. */
const DEFAULT_FAULT_RETRY_AFTER_S = 1;

function defaultDetail(status: number, rateLimitText: () => string): string {
  switch (status) {
    case 400:
      return "Bad request (injected fault)";
    case 401:
      return DETAIL_INVALID_TOKEN;
    case 403:
      return DETAIL_FORBIDDEN;
    case 404:
      return DETAIL_NOT_FOUND;
    case 429:
      return rateLimitText();
    case 503:
      return "Service temporarily unavailable, try again later.";
    default:
      return DETAIL_SERVER_ERROR;
  }
}

/**
 * Injects configured faults after auth and rate limiting, i.e. where a real backend would fail.
 * `shutdown` releases delayed and hung requests when the simulator closes; `rateLimitText` gives
 * injected 429s the same wording as the real limiter.
 */
export function faultMiddleware(
  faults: FaultRegistry,
  shutdown: AbortSignal,
  rateLimitText: () => string,
): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname.replace(/^\/api\/v1(?=\/|$)/, "") || "/";
    const decision = faults.match(c.req.method, path);
    if (!decision) return next();

    const signal = AbortSignal.any([c.req.raw.signal, shutdown]);
    if (decision.delayAfter) {
      await next();
      // The work is done whether or not anyone is still listening for the answer.
      await sleep(decision.delayMs, signal);
      return;
    }
    if (decision.delayMs > 0 && !(await sleep(decision.delayMs, signal))) {
      return new Response(null, { status: STATUS_NO_RESPONSE });
    }
    if (decision.hang) {
      const timedOut = await sleep(HANG_MAX_MS, signal);
      // Drop the connection without a response, like a stuck load balancer would.
      const socket = c.env?.incoming?.socket;
      socket?.destroy();
      if (timedOut && !socket) return c.json({ detail: "simulated hang elapsed" }, 504);
      return new Response(null, { status: STATUS_NO_RESPONSE });
    }
    if (decision.status === null) return next();

    const headers: Record<string, string> = {};
    const retryAfter =
      decision.retryAfterS ?? (decision.status === 429 ? DEFAULT_FAULT_RETRY_AFTER_S : undefined);
    if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
    throw new MistApiError(
      decision.status,
      { detail: decision.detail ?? defaultDetail(decision.status, rateLimitText) },
      headers,
    );
  };
}
