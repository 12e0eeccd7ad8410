import type { RedisClient } from "@mistflow/config";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors";
import { grants, type Keyring, type Scope } from "./keyring";

declare module "hono" {
  interface ContextVariableMap {
    /** The name of the API key that authenticated the request (for history: who did what). */
    apiKeyName?: string;
  }
}

export interface AuthDeps {
  keyring: Keyring;
  redis: RedisClient;
  prefix: string;
  /** Requests per minute per key; a busy batch importer should not starve everyone else. */
  rateLimitPerMinute: number;
}

const presentedKey = (authorization: string | undefined, header: string | undefined): string | undefined => {
  if (header) return header;
  const m = authorization?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
};

/**
 * API key (`Authorization: Bearer …` or `X-API-Key`) with the scope the route needs, then a
 * per-key request budget in Redis (fixed one-minute windows, shared by every API replica).
 */
export function requireScope(deps: AuthDeps, scope: Scope): MiddlewareHandler {
  return async (c, next) => {
    const key = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="mistflow"');
      throw new ApiError(401, "unauthorized", "an API key is required (Authorization: Bearer <key>)");
    }
    const entry = deps.keyring.verify(key);
    if (!entry) {
      c.header("WWW-Authenticate", 'Bearer realm="mistflow", error="invalid_token"');
      throw new ApiError(401, "unauthorized", "unknown API key");
    }
    c.set("apiKeyName", entry.name);
    if (!grants(entry, scope))
      throw new ApiError(403, "forbidden", `API key ${entry.name} lacks the ${scope} scope`);

    const minute = Math.floor(Date.now() / 60_000);
    const counter = `${deps.prefix}:api-rate:${entry.name}:${minute}`;
    const used = await deps.redis.incr(counter);
    if (used === 1) await deps.redis.expire(counter, 120);
    if (used > deps.rateLimitPerMinute) {
      c.header("Retry-After", String(60 - (Math.floor(Date.now() / 1000) % 60)));
      throw new ApiError(
        429,
        "rate_limited",
        `API key ${entry.name} is over ${deps.rateLimitPerMinute} requests a minute`,
      );
    }
    await next();
  };
}
