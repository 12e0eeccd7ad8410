import { Hono } from "hono";
import { notFound } from "../../errors";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { parseSleMetric, SLE_METRICS, type SleMetric } from "../../sle/sle-metrics";
import { sleSite } from "../../sle/sle-site";
import type { SimState } from "../../state/sim-state";
import { SleConfigUpdate, SlePostUpgradeUpdate, SleUpdate } from "./sle-admin-schemas";

/** Start of time: a value set without `at` applies to every window. */
const ALWAYS = 0;

/** Test control of synthetic SLEs: per-site values over time and the global no-data rule. */
export function sleAdminRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  const view = (siteId: string) => {
    const found = state.findSite(siteId);
    if (!found) throw notFound();
    const site = sleSite(state.sle, found.org, found.site);
    const now = state.clock();
    return {
      site_id: siteId,
      require_devices: state.sle.config.requireDevices,
      data_since: site.dataSince ?? null,
      now,
      current: Object.fromEntries(SLE_METRICS.map((m) => [m, site.signals[m].valueAt(now)])),
      overrides: state.sle.siteOverrides(siteId),
    };
  };

  app.get("/sle", (c) => c.json(state.sle.config));
  app.put("/sle", async (c) => {
    state.sle.config = validate(SleConfigUpdate, await readObject(c));
    return c.json(state.sle.config);
  });

  app.get("/sites/:site_id/sle", (c) => c.json(view(c.req.param("site_id"))));

  app.put("/sites/:site_id/sle", async (c) => {
    const siteId = c.req.param("site_id");
    if (!state.findSite(siteId)) throw notFound();
    const update = validate(SleUpdate, await readObject(c));
    const entries: Array<[string, number | null]> =
      update.metric !== undefined
        ? [[update.metric, update.value ?? null]]
        : Object.entries(update.values ?? {});
    for (const [name, value] of entries) {
      state.sle.set(siteId, parseSleMetric(name) as SleMetric, value, update.at ?? ALWAYS);
    }
    return c.json(view(siteId));
  });

  const postUpgradeView = (siteId: string) => ({ site_id: siteId, values: state.sle.postUpgradeFor(siteId) });

  app.get("/sites/:site_id/sle/post-upgrade", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    return c.json(postUpgradeView(c.req.param("site_id")));
  });

  app.put("/sites/:site_id/sle/post-upgrade", async (c) => {
    const siteId = c.req.param("site_id");
    if (!state.findSite(siteId)) throw notFound();
    const update = validate(SlePostUpgradeUpdate, await readObject(c));
    state.sle.setPostUpgrade(
      siteId,
      Object.fromEntries(
        Object.entries(update.values).map(([name, v]) => [parseSleMetric(name) as SleMetric, v]),
      ),
    );
    return c.json(postUpgradeView(siteId));
  });

  app.delete("/sites/:site_id/sle/post-upgrade", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    state.sle.clearPostUpgrade(c.req.param("site_id"));
    return c.body(null, 200);
  });

  // A config change gone wrong: the values a site's SLEs take once its bindings next change.
  const postRebindView = (siteId: string) => ({ site_id: siteId, values: state.sle.postRebindFor(siteId) });

  app.get("/sites/:site_id/sle/post-rebind", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    return c.json(postRebindView(c.req.param("site_id")));
  });

  app.put("/sites/:site_id/sle/post-rebind", async (c) => {
    const siteId = c.req.param("site_id");
    if (!state.findSite(siteId)) throw notFound();
    const update = validate(SlePostUpgradeUpdate, await readObject(c));
    state.sle.setPostRebind(
      siteId,
      Object.fromEntries(
        Object.entries(update.values).map(([name, v]) => [parseSleMetric(name) as SleMetric, v]),
      ),
    );
    return c.json(postRebindView(siteId));
  });

  app.delete("/sites/:site_id/sle/post-rebind", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    state.sle.clearPostRebind(c.req.param("site_id"));
    return c.body(null, 200);
  });

  app.delete("/sites/:site_id/sle", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    state.sle.clearSite(c.req.param("site_id"));
    return c.body(null, 200);
  });

  return app;
}
