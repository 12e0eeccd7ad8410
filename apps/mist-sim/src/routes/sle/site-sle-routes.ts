import type { Context } from "hono";
import { Hono } from "hono";
import { notFound } from "../../errors";
import { requireSite } from "../../http/access";
import type { SimEnv } from "../../http/types";
import { parseSleMetric, SITE_METRIC_NAMES, SLE_CLASSIFIERS, type SleMetric } from "../../sle/sle-metrics";
import { sleSite } from "../../sle/sle-site";
import { sleSummary } from "../../sle/sle-summary";
import { parseSleWindow } from "../../sle/sle-window";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import type { StoredObject } from "../../state/types";

/**
 * Metrics per scope: a site and its APs report the emulated Wi-Fi SLEs; switches, gateways and
 * clients exist as scopes but their (wired/WAN/client) SLEs are not emulated, so their lists are empty.
 */
function scopeMetrics(org: OrgState, site: StoredObject, scope: string, scopeId: string): readonly string[] {
  if (scope === "site") {
    if (scopeId !== site.id) throw notFound();
    return SITE_METRIC_NAMES;
  }
  if (scope === "client") return [];
  if (scope !== "ap" && scope !== "switch" && scope !== "gateway") throw notFound();
  const device = [...org.devices.values()].find((d) => d.id === scopeId && d.site_id === site.id);
  if (!device || device.type !== scope) throw notFound();
  return scope === "ap" ? SITE_METRIC_NAMES : [];
}

/** Summaries exist for the site scope and the site's metric names (`failed-to-connect`, not `successful-connect`). */
function siteMetric(c: Context<SimEnv>, site: StoredObject): SleMetric {
  const { scope, scope_id: scopeId, metric: name } = c.req.param() as Record<string, string>;
  if (scope !== "site" || scopeId !== site.id || !SITE_METRIC_NAMES.includes(name ?? "")) throw notFound();
  const metric = parseSleMetric(name ?? "");
  if (!metric) throw notFound();
  return metric;
}

/** Site SLEs (docs/design/mist-api.md §2.15): metric list, metric summary and classifier names. */
export function siteSleRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/sites/:site_id/sle/:scope/:scope_id/metrics", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const metrics = scopeMetrics(org, site, c.req.param("scope"), c.req.param("scope_id"));
    // Every emulated metric counts as enabled: Mist's list depends on licences, which we do not model.
    return c.json({ supported: [...metrics], enabled: [...metrics] });
  });

  app.get("/sites/:site_id/sle/:scope/:scope_id/metric/:metric/summary", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const metric = siteMetric(c, site);
    const now = state.clock();
    const window = parseSleWindow(c.req.query(), now);
    return c.json(sleSummary(sleSite(state.sle, org, site), metric, window, now));
  });

  app.get("/sites/:site_id/sle/:scope/:scope_id/metric/:metric/classifiers", (c) => {
    const { site } = requireSite(c, state, c.req.param("site_id"));
    return c.json([...SLE_CLASSIFIERS[siteMetric(c, site)]]);
  });

  return app;
}
