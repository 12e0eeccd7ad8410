import type { Context } from "hono";
import { invalidField } from "../errors";

export const DEFAULT_LIMIT = 100;
/** Mist's documented maximum; larger values are clamped rather than rejected (assumed). */
export const MAX_LIMIT = 1000;

export interface Paging {
  limit: number;
  page: number;
}

function intParam(c: Context, name: string, fallback: number, min: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw invalidField(name, "must be an integer");
  const value = Number(raw);
  if (value < min) throw invalidField(name, `must be >= ${min}`);
  return value;
}

export function parsePaging(c: Context): Paging {
  return {
    limit: Math.min(intParam(c, "limit", DEFAULT_LIMIT, 0), MAX_LIMIT),
    page: intParam(c, "page", 1, 1),
  };
}

/**
 * Respond with one page as a bare JSON array plus `X-Page-Limit`, `X-Page-Page`, `X-Page-Total`
 * (docs/design/mist-api.md §3.3). Pages past the end are empty arrays.
 */
export function paginate<T>(c: Context, items: readonly T[]): Response {
  const { limit, page } = parsePaging(c);
  const start = (page - 1) * limit;
  c.header("X-Page-Limit", String(limit));
  c.header("X-Page-Page", String(page));
  c.header("X-Page-Total", String(items.length));
  return c.json(items.slice(start, start + limit));
}

/** Query booleans the way Mist/DRF accept them. Anything else is a 400 for that parameter. */
export function boolParam(c: Context, name: string): boolean | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return undefined;
  const v = raw.toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalidField(name, "must be true or false");
}
