import { Hono } from "hono";
import { invalidField, notFound } from "../../errors";
import { requireSite } from "../../http/access";
import { paginate } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { byCreation } from "../../state/collection";
import type { SimState } from "../../state/sim-state";

const TYPES = new Set(["all", "ap", "switch", "gateway"]);

/**
 * Devices under a site (created by inventory assign). `type` defaults to `ap` as the spec
 * documents (`device_type_with_all`), so pass `type=all` or a comma list to see switches and gateways.
 */
export function siteDeviceRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/sites/:site_id/devices", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const types = (c.req.query("type") || "ap").split(",").filter(Boolean);
    const bad = types.find((t) => !TYPES.has(t));
    if (bad) throw invalidField("type", `unknown device type '${bad}'`);
    const name = c.req.query("name");
    const devices = [...org.devices.values()]
      .filter((d) => d.site_id === site.id)
      .filter((d) => types.includes("all") || types.includes(d.type))
      .filter((d) => !name || d.name === name)
      .sort(byCreation);
    return paginate(c, devices);
  });

  app.get("/sites/:site_id/devices/:device_id", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const device = [...org.devices.values()].find(
      (d) => d.site_id === site.id && d.id === c.req.param("device_id"),
    );
    if (!device) throw notFound();
    return c.json(device);
  });

  return app;
}
