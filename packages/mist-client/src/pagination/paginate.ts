import { z } from "zod";
import type { MistHttp } from "../core/mist-http";
import type { Query } from "../core/types";

/** Mist's default page size; the documented maximum is 1000 ("with some exceptions"). */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export interface PageOptions {
  /** Items per page, 1–1000 (clamped). Bigger pages spend less of the hourly call budget. */
  limit?: number;
  signal?: AbortSignal;
}

/** Only what pagination needs from the core, so it can page any compatible client. */
export type PagingHttp = Pick<MistHttp, "requestWithMeta">;

function intHeader(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Pages through a Mist list endpoint (`limit`/`page`, page 1-based), yielding one validated page at
 * a time. Stops when `X-Page-Limit × page ≥ X-Page-Total` (as the official SDK and Terraform do);
 * without `X-Page-Total`, stops at the first short page. Any `limit`/`page` in `query` is replaced.
 *
 * @example
 * for await (const page of paginate(http, mistPath`/orgs/${orgId}/inventory`, InventoryItem, { type: "ap" })) {
 *   for (const device of page) console.log(device.mac);
 * }
 */
export async function* paginate<T>(
  http: PagingHttp,
  path: string,
  itemSchema: z.ZodType<T>,
  query?: Query,
  options: PageOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE_LIMIT)));
  const pageSchema = z.array(itemSchema);
  for (let page = 1; ; page++) {
    const res = await http.requestWithMeta("GET", path, {
      schema: pageSchema,
      query: { ...query, limit, page },
      signal: options.signal,
    });
    yield res.data;
    // The server may cap the page size below what we asked; its X-Page-Limit is the truth.
    const pageSize = intHeader(res.headers["x-page-limit"]) ?? limit;
    const total = intHeader(res.headers["x-page-total"]);
    if (res.data.length === 0) return;
    if (total !== undefined ? pageSize * page >= total : res.data.length < pageSize) return;
  }
}

/** Every item of a paginated list, in server order. */
export async function listAll<T>(
  http: PagingHttp,
  path: string,
  itemSchema: z.ZodType<T>,
  query?: Query,
  options?: PageOptions,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginate(http, path, itemSchema, query, options)) items.push(...page);
  return items;
}
