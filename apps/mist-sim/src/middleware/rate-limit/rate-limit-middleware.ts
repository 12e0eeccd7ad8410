import type { MiddlewareHandler } from "hono";
import { rateLimited } from "../../errors";
import type { SimEnv } from "../../http/types";
import type { SimToken } from "../../state/types";
import type { RateLimiter } from "./rate-limiter";

/**
 * Budget key for a token. User tokens of one admin share that admin's budget (Mist docs: "if
 * UserToken1 consumes 5000 API calls … UserToken2 … is impacted"); org tokens are limited per token.
 */
export function budgetKey(token: SimToken): string {
  return token.kind === "user" && token.email ? `user:${token.email}` : `token:${token.alias}`;
}

/** Runs after auth: counts every authenticated call and refuses once the window's budget is spent. */
export function rateLimitMiddleware(limiter: RateLimiter): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const token = c.get("token");
    if (!token) return next();
    const key = budgetKey(token);
    const result = limiter.consume(key);
    if (!result.allowed) {
      const config = limiter.current;
      if (config === false) throw new Error("rate limiter refused while disabled");
      throw rateLimited(config.perWindow, config.windowMs, result.retryAfterS);
    }
    await next();
    // Injected 429 faults are not real calls either.
    if (c.res.status === 429) limiter.refund(key);
  };
}
