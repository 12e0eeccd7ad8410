import { performance } from "node:perf_hooks";
import type { Context, MiddlewareHandler } from "hono";
import { findDeprecations } from "../../deprecations";
import type { SimEnv } from "../../http/types";
import type { Ledger } from "./ledger";

const ORG_IN_PATH = /\/orgs\/([^/]+)/;
const API_PREFIX = /^\/api\/v1/;

/**
 * The body as the route read it (Hono caches it), parsed for the deprecation check only. Bodies are
 * not stored: they may hold PSK passphrases.
 */
async function sentBody(c: Context<SimEnv>): Promise<unknown> {
  if (c.req.method !== "POST" && c.req.method !== "PUT") return undefined;
  try {
    const text = await c.req.text();
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Outermost /api/v1 middleware: records every request after the response is decided, including
 * 401s, 429s and injected faults. Errors are already rendered by `onError` at this point.
 */
export function ledgerMiddleware(ledger: Ledger, clock: () => number): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const at = clock();
    const started = performance.now();
    try {
      await next();
    } finally {
      const url = new URL(c.req.url);
      const token = c.get("token");
      const deprecated = findDeprecations({
        method: c.req.method,
        path: url.pathname.replace(API_PREFIX, ""),
        body: await sentBody(c),
        authorization: c.req.header("authorization"),
      });
      ledger.record({
        at,
        method: c.req.method,
        path: url.pathname,
        query: url.search.replace(/^\?/, ""),
        status: c.res.status,
        token_alias: token?.alias ?? null,
        org_id: c.get("orgId") ?? url.pathname.match(ORG_IN_PATH)?.[1] ?? null,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        ...(deprecated.length > 0 ? { deprecated } : {}),
        ...(c.get("binds")?.length ? { binds: c.get("binds") } : {}),
      });
    }
  };
}
