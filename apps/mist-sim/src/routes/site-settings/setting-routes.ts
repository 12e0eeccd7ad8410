import { Hono } from "hono";
import { requireSite } from "../../http/access";
import { omitKeys, readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { mergeStored } from "../../state/objects";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import type { SiteSetting } from "../../state/types";
import { createSiteSetting } from "../sites/site-lifecycle";
import { deriveSetting } from "./derive-setting";
import { SETTING_READ_ONLY, SettingUpdate } from "./setting-schema";

/** Site settings and vars (docs/design/mist-api.md §2.3). */
export function settingRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  // A restored snapshot may lack a setting; recreate it rather than 404 for an existing site.
  const settingOf = (org: OrgState, siteId: string): SiteSetting =>
    org.settings.get(siteId) ?? createSiteSetting(org, siteId, state.nowSeconds());

  app.get("/sites/:site_id/setting", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    return c.json(settingOf(org, site.id));
  });

  app.get("/sites/:site_id/setting/derived", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    return c.json(deriveSetting(org, site, settingOf(org, site.id)));
  });

  // Top-level partial update. A `vars` object therefore REPLACES the stored vars wholesale
  // (assumed, docs/design/mist-api.md §5.1): send the complete dict to add or remove a variable.
  app.put("/sites/:site_id/setting", async (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const patch = validate(SettingUpdate, omitKeys(await readObject(c), SETTING_READ_ONLY));
    const updated = mergeStored(settingOf(org, site.id), patch, state.nowSeconds());
    org.settings.set(site.id, updated);
    return c.json(updated);
  });

  return app;
}
