import { Hono } from "hono";
import { requireOrg, requireSite } from "../../http/access";
import { omitKeys, readObject } from "../../http/body";
import { paginate } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { createStored, mergeStored } from "../../state/objects";
import type { SimState } from "../../state/sim-state";
import { type JsonObject, READ_ONLY_FIELDS } from "../../state/types";
import { createSiteSetting, deleteSite } from "./site-lifecycle";
import { assertSiteReferences } from "./site-references";
import { SITE_TEMPLATE_FIELDS, SiteCreate, SiteUpdate } from "./site-schema";
import { searchSites } from "./site-search";

/** Sites (docs/design/mist-api.md §2.2): org-scoped list/create/search, site-scoped get/update/delete. */
export function siteRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/orgs/:org_id/sites", (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    return paginate(c, org.sites.list());
  });

  app.get("/orgs/:org_id/sites/search", (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    return c.json(searchSites(c, org, state.nowSeconds()));
  });

  app.post("/orgs/:org_id/sites", async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const body = validate(SiteCreate, omitKeys(await readObject(c), READ_ONLY_FIELDS));
    assertSiteReferences(org, body);
    const now = state.nowSeconds();
    const fields: JsonObject = {
      ...body,
      timezone: body.timezone ?? "UTC",
      sitegroup_ids: body.sitegroup_ids ?? [],
    };
    // Mist returns unbound template references as explicit nulls.
    for (const f of SITE_TEMPLATE_FIELDS) fields[f] ??= null;
    const site = createStored(fields, org.id, now);
    org.sites.put(site);
    createSiteSetting(org, site.id, now);
    c.set(
      "binds",
      [...SITE_TEMPLATE_FIELDS, "sitegroup_ids"].filter((f) => {
        const v = body[f];
        return Array.isArray(v) ? v.length > 0 : typeof v === "string";
      }),
    );
    return c.json(site);
  });

  app.get("/sites/:site_id", (c) => c.json(requireSite(c, state, c.req.param("site_id")).site));

  app.put("/sites/:site_id", async (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    const patch = validate(SiteUpdate, omitKeys(await readObject(c), READ_ONLY_FIELDS));
    assertSiteReferences(org, patch);
    const updated = org.sites.put(mergeStored(site, patch, state.nowSeconds()));
    const rebound = [...SITE_TEMPLATE_FIELDS, "sitegroup_ids"].some(
      (f) => JSON.stringify(site[f] ?? null) !== JSON.stringify(updated[f] ?? null),
    );
    if (rebound) state.sle.fire("rebind", site.id, state.clock());
    return c.json(updated);
  });

  app.delete("/sites/:site_id", (c) => {
    const { org, site } = requireSite(c, state, c.req.param("site_id"));
    deleteSite(org, site.id, state.nowSeconds());
    return c.body(null, 200);
  });

  return app;
}
