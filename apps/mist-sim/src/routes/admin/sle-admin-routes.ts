import { Hono } from "hono";
import { notFound } from "../../errors";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { parseSleMetric, SLE_METRICS, type SleMetric } from "../../sle/sle-metrics";
import { sleSite } from "../../sle/sle-site";
import { SLE_TRIGGERS } from "../../sle/sle-store";
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

  // Values a site's SLEs take after its next firmware upgrade or binding change (a bad build, a bad config).
  for (const trigger of SLE_TRIGGERS) {
    const path = `/sites/:site_id/sle/post-${trigger}` as const;
    const triggeredView = (siteId: string) => ({
      site_id: siteId,
      values: state.sle.triggeredFor(trigger, siteId),
    });
    app.get(path, (c) => {
      if (!state.findSite(c.req.param("site_id"))) throw notFound();
      return c.json(triggeredView(c.req.param("site_id")));
    });
    app.put(path, async (c) => {
      const siteId = c.req.param("site_id");
      if (!state.findSite(siteId)) throw notFound();
      const update = validate(SlePostUpgradeUpdate, await readObject(c));
      state.sle.setTriggered(
        trigger,
        siteId,
        Object.fromEntries(
          Object.entries(update.values).map(([name, v]) => [parseSleMetric(name) as SleMetric, v]),
        ),
      );
      return c.json(triggeredView(siteId));
    });
    app.delete(path, (c) => {
      if (!state.findSite(c.req.param("site_id"))) throw notFound();
      state.sle.clearTriggered(trigger, c.req.param("site_id"));
      return c.body(null, 200);
    });
  }

  app.delete("/sites/:site_id/sle", (c) => {
    if (!state.findSite(c.req.param("site_id"))) throw notFound();
    state.sle.clearSite(c.req.param("site_id"));
    return c.body(null, 200);
  });

  return app;
}
