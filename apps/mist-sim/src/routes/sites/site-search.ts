import type { Context } from "hono";
import { invalidField } from "../../errors";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../http/pagination";
import type { OrgState } from "../../state/org-state";
import type { SiteSetting, StoredObject } from "../../state/types";

/** Case-insensitive name match with `*` as wildcard (spec 2602.1.1); no `*` means exact. */
function nameMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${source}$`, "i");
  return (name) => regex.test(name);
}

function intQuery(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw invalidField(name, "must be an integer");
  return Number(raw);
}

function searchItem(site: StoredObject, setting: SiteSetting | undefined): Record<string, unknown> {
  const autoUpgrade = (setting?.auto_upgrade ?? {}) as Record<string, unknown>;
  return {
    id: site.id,
    site_id: site.id,
    org_id: site.org_id,
    name: site.name,
    timezone: site.timezone,
    country_code: site.country_code ?? null,
    timestamp: site.modified_time,
    auto_upgrade_enabled: autoUpgrade.enabled === true,
    auto_upgrade_version: typeof autoUpgrade.version === "string" ? autoUpgrade.version : "stable",
    honeypot_enabled: false,
    wifi_enabled: true,
    vna_enabled: false,
  };
}

/**
 * `GET /orgs/{org_id}/sites/search` → `{results, total, limit, start, end, next}`. Sites are
 * configuration, not time series, so `start`/`end` are echoed but do not filter. `next` carries an
 * opaque `search_after` offset, following Mist's "append the next URL" paging style.
 */
export function searchSites(c: Context, org: OrgState, nowSeconds: number): Record<string, unknown> {
  const limit = Math.min(intQuery(c, "limit") ?? DEFAULT_LIMIT, MAX_LIMIT);
  const offset = intQuery(c, "search_after") ?? 0;
  const end = intQuery(c, "end") ?? Math.floor(nowSeconds);
  const start = intQuery(c, "start") ?? end - 86_400;
  const name = c.req.query("name");
  const matches = name === undefined || name === "" ? () => true : nameMatcher(name);
  const hits = org.sites.list().filter((s) => matches(String(s.name)));
  const page = hits.slice(offset, offset + limit);
  const body: Record<string, unknown> = {
    results: page.map((s) => searchItem(s, org.settings.get(s.id))),
    total: hits.length,
    limit,
    start,
    end,
  };
  if (offset + limit < hits.length && limit > 0) {
    const next = new URL(c.req.url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("start", String(start));
    next.searchParams.set("end", String(end));
    next.searchParams.set("search_after", String(offset + limit));
    body.next = `${next.pathname}${next.search}`;
  }
  return body;
}
