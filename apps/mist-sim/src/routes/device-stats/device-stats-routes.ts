import { Hono } from "hono";
import { invalidField, notFound } from "../../errors";
import { requireSite } from "../../http/access";
import { paginate } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { byCreation } from "../../state/collection";
import type { SimState } from "../../state/sim-state";
import { deviceStat } from "./device-stat";

const TYPES = new Set(["all", "ap", "switch", "gateway"]);
const STATUSES = new Set(["all", "connected", "disconnected"]);

/**
 * `GET /sites/{id}/stats/devices` and `…/stats/devices/{device_id}`: the running firmware and upgrade
 * progress of assigned devices. `type` defaults to `ap` like the device list; `status` filters.
 */
export function deviceStatsRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/sites/:site_id/stats/devices", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const types = (c.req.query("type") || "ap").split(",").filter(Boolean);
    const bad = types.find((t) => !TYPES.has(t));
    if (bad) throw invalidField("type", `unknown device type '${bad}'`);
    const status = c.req.query("status") || "all";
    if (!STATUSES.has(status)) throw invalidField("status", "must be one of all, connected, disconnected");
    const now = state.clock();
    const stats = [...org.devices.values()]
      .filter((d) => d.site_id === site.id && (types.includes("all") || types.includes(d.type)))
      .sort(byCreation)
      .map((d) => deviceStat(org, d, now))
      .filter((s) => status === "all" || s.status === status);
    return paginate(c, stats);
  });

  app.get("/sites/:site_id/stats/devices/:device_id", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const device = [...org.devices.values()].find(
      (d) => d.site_id === site.id && d.id === c.req.param("device_id"),
    );
    if (!device) throw notFound();
    return c.json(deviceStat(org, device, state.clock()));
  });

  return app;
}
