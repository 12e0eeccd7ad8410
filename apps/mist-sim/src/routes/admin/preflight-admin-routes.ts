import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { notFound } from "../../errors";
import { omitKeys, readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { type MarvisAction, MarvisActionInput } from "../../marvis/marvis-action";
import type { SimState } from "../../state/sim-state";
import { orgSettingOf, updateOrgSetting } from "../org-setting/org-setting-routes";
import { ORG_SETTING_READ_ONLY, OrgSettingUpdate } from "../org-setting/org-setting-schema";

/**
 * Harness knobs for what a real org may have configured before mistflow sees it: the org
 * setting (without the self-lock-out check, so a test can put a policy this host fails) and the
 * actions Marvis self-driving took. **Assumed**: nothing in Mist; Marvis is not emulated, a test
 * records what it would have done.
 */
export function preflightAdminRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.put("/orgs/:org_id/setting", async (c) => {
    const org = state.orgs.get(c.req.param("org_id"));
    if (!org) throw notFound();
    const patch = validate(OrgSettingUpdate, omitKeys(await readObject(c), ORG_SETTING_READ_ONLY));
    return c.json(updateOrgSetting(org, patch, state.nowSeconds()));
  });
  app.get("/orgs/:org_id/setting", (c) => {
    const org = state.orgs.get(c.req.param("org_id"));
    if (!org) throw notFound();
    return c.json(orgSettingOf(org, state.nowSeconds()));
  });

  const siteOf = (siteId: string) => {
    const found = state.findSite(siteId);
    if (!found) throw notFound();
    return found;
  };

  app.post("/sites/:site_id/marvis_configs", async (c) => {
    const { org, site } = siteOf(c.req.param("site_id"));
    const input = validate(MarvisActionInput, await readObject(c));
    const action: MarvisAction = {
      ...input,
      id: randomUUID(),
      org_id: org.id,
      site_id: site.id,
      timestamp: input.timestamp ?? state.nowSeconds(),
    };
    org.marvisActions.push(action);
    return c.json(action);
  });
  app.get("/sites/:site_id/marvis_configs", (c) => {
    const { org, site } = siteOf(c.req.param("site_id"));
    return c.json(org.marvisActions.filter((a) => a.site_id === site.id));
  });
  app.delete("/sites/:site_id/marvis_configs", (c) => {
    const { org, site } = siteOf(c.req.param("site_id"));
    const kept = org.marvisActions.filter((a) => a.site_id !== site.id);
    org.marvisActions.splice(0, org.marvisActions.length, ...kept);
    return c.body(null, 200);
  });

  return app;
}
