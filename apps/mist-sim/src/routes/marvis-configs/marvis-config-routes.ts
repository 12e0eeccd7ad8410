import { Hono } from "hono";
import { invalidField } from "../../errors";
import { requireSite } from "../../http/access";
import { parsePaging } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { matchesFilters } from "../../marvis/marvis-action";
import { parseSleWindow } from "../../sle/sle-window";
import type { SimState } from "../../state/sim-state";

/**
 * `GET /sites/{site_id}/marvis_configs/search` (2605.1.0): what Marvis self-driving changed on the
 * site's devices in a window (default the last day), newest first, as spec
 * `marvis_config_actions_search` `{start, end, limit, total, results}`.
 * **Assumed**: the response model has no `next` link, so further pages are asked for with `page`
 * (1-based) as on Mist's other lists. The body does not echo it: the model allows no other
 * property (the contract test holds the simulator to that).
 */
export function marvisConfigRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/sites/:site_id/marvis_configs/search", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const query = c.req.query();
    if (query.vlan_ids !== undefined && query.vlan_ids !== "" && !/^\d+$/.test(query.vlan_ids))
      throw invalidField("vlan_ids", "must be an integer");
    const window = parseSleWindow(query, state.clock());
    const { limit, page } = parsePaging(c);
    const hits = org.marvisActions
      .filter(
        (a) =>
          a.site_id === site.id &&
          a.timestamp >= window.start &&
          a.timestamp <= window.end &&
          matchesFilters(a, query),
      )
      .sort((a, b) => b.timestamp - a.timestamp);
    const from = (page - 1) * limit;
    return c.json({
      start: window.start,
      end: window.end,
      limit,
      total: hits.length,
      results: hits.slice(from, from + limit),
    });
  });

  return app;
}
