import { Hono } from "hono";
import { invalidField, notFound } from "../../errors";
import { upgradeProgress } from "../../firmware/upgrade-progress";
import type { SiteUpgrade } from "../../firmware/upgrade-types";
import { requireSite } from "../../http/access";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import { createUpgrade, UpgradeSiteDevices } from "./upgrade-request";
import { upgradeListItem, upgradeView } from "./upgrade-view";

const STATUSES = new Set([
  "created",
  "queued",
  "downloading",
  "downloaded",
  "upgrading",
  "completed",
  "failed",
  "cancelled",
]);

function findUpgrade(org: OrgState, siteId: string, upgradeId: string): SiteUpgrade {
  const upgrade = org.upgrades.get(upgradeId);
  if (!upgrade || upgrade.site_id !== siteId) throw notFound();
  return upgrade;
}

/** Site multi-device firmware upgrades (docs/design/mist-api.md §2.16): start, list, read, cancel. */
export function upgradeRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.post("/sites/:site_id/devices/upgrade", async (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const req = validate(UpgradeSiteDevices, await readObject(c));
    return c.json({ upgrade_id: createUpgrade(state, org, site, req).id });
  });

  app.get("/sites/:site_id/devices/upgrade", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const status = c.req.query("status");
    if (status && !STATUSES.has(status)) throw invalidField("status", `unknown status '${status}'`);
    const now = state.clock();
    const items = [...org.upgrades.values()]
      .filter((u) => u.site_id === site.id)
      .map((u) => ({ u, progress: upgradeProgress(u, now) }))
      .filter(({ progress }) => !status || progress.status === status)
      .map(({ u, progress }) => upgradeListItem(u, progress));
    return c.json(items);
  });

  app.get("/sites/:site_id/devices/upgrade/:upgrade_id", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const upgrade = findUpgrade(org, site.id, c.req.param("upgrade_id"));
    return c.json(upgradeView(upgrade, upgradeProgress(upgrade, state.clock())));
  });

  // Best effort, as Mist documents: devices already rebooting into the new version finish anyway.
  app.post("/sites/:site_id/devices/upgrade/:upgrade_id/cancel", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const upgrade = findUpgrade(org, site.id, c.req.param("upgrade_id"));
    const now = state.clock();
    if (upgrade.cancelled_at === undefined && !upgradeProgress(upgrade, now).final) {
      upgrade.cancelled_at = now;
      upgrade.settled = false;
    }
    return c.body(null, 200);
  });

  return app;
}
