import { Hono } from "hono";
import { invalidField } from "../../errors";
import { requireOrg } from "../../http/access";
import { parsePaging } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { orgSiteSleResult } from "../../sle/org-sites-sle";
import { sleSite } from "../../sle/sle-site";
import { parseDuration, parseSleWindow } from "../../sle/sle-window";
import type { SimState } from "../../state/sim-state";

const SLE_KINDS = new Set(["wifi", "wired", "wan"]);
/** Echoed when the caller gives no `interval`: hourly, as in the spec's example. */
const DEFAULT_INTERVAL_S = 3600;

/**
 * `GET /orgs/{org_id}/insights/sites-sle` (spec `response_org_site_sle`): per-site means over the
 * window, paged in the body (`limit`, `page`, `total`) and, like every other list, in X-Page headers.
 * Only `sle=wifi` (the default) is emulated; `wired` and `wan` answer with no sites.
 */
export function orgSleRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/orgs/:org_id/insights/sites-sle", (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const kind = c.req.query("sle") || "wifi";
    if (!SLE_KINDS.has(kind)) throw invalidField("sle", "must be one of wifi, wired, wan");
    const now = state.clock();
    const window = parseSleWindow(c.req.query(), now);
    const rawInterval = c.req.query("interval");
    const interval = rawInterval ? parseDuration(rawInterval, "interval") : DEFAULT_INTERVAL_S;
    const { limit, page } = parsePaging(c);
    const results =
      kind === "wifi"
        ? org.sites
            .list()
            .map((site) => orgSiteSleResult(sleSite(state.sle, org, site), window, now))
            .filter((r) => r !== undefined)
        : [];
    c.header("X-Page-Limit", String(limit));
    c.header("X-Page-Page", String(page));
    c.header("X-Page-Total", String(results.length));
    const from = (page - 1) * limit;
    return c.json({
      start: window.start,
      end: window.end,
      interval,
      limit,
      page,
      total: results.length,
      results: results.slice(from, from + limit),
    });
  });

  return app;
}
