import { resolveSiteVars } from "./site-vars";
import type { StepHandler } from "./step-context";

/** Step 1: the site itself, its IP plan, and the plan as Mist site variables. */
export const createSite: StepHandler = async (ctx) => {
  const { site } = ctx.deployment.request;
  const { vars, block } = await resolveSiteVars(ctx);
  const desired = {
    name: site.name,
    address: site.address,
    timezone: site.timezone,
    country_code: site.country_code,
    ...(site.latlng ? { latlng: site.latlng } : {}),
    ...(site.notes ? { notes: site.notes } : {}),
  };
  const siteId = await ctx.lock.with(`${ctx.orgId}:site:${site.name.toLowerCase()}`, async () => {
    const existing = await ctx.mist.sites.searchByName(ctx.orgId, site.name);
    if (!existing) return (await ctx.mist.sites.create(ctx.orgId, desired)).id;
    // Search answers only id and name; a partial PUT converges any drift for the same one call
    // a GET would cost to detect it.
    await ctx.mist.sites.update(existing.id, desired);
    return existing.id;
  });
  // PUT is idempotent and partial at the top level, so re-sending the vars is safe on a retry.
  await ctx.mist.sites.updateSetting(siteId, { vars });
  return {
    mist_ids: { site_id: siteId },
    note: `IP block ${block}, ${Object.keys(vars).length} site variables`,
  };
};
