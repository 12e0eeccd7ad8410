import { desiredSite } from "@mistflow/desired-state";
import { resolveSiteVars } from "./site-vars";
import type { StepHandler } from "./step-context";

/**
 * Step 1: the site itself, its IP plan, and the plan as Mist site variables. Sites are found in
 * the org's site directory (one list per batch, not one search per site), so a new site costs two
 * calls: create it and set its variables.
 */
export const createSite: StepHandler = async (ctx) => {
  const { site } = ctx.deployment.request;
  const { vars, block } = await resolveSiteVars(ctx);
  const desired = desiredSite(site);
  const { id, sitegroupIds, created } = await ctx.lock.with(
    `${ctx.orgId}:site:${site.name.toLowerCase()}`,
    async () => {
      let known = await ctx.sites.find(ctx.mist, ctx.orgId, site.name);
      if (!known && (await ctx.sites.wasCreating(ctx.orgId, site.name))) {
        const found = await ctx.mist.sites.searchByName(ctx.orgId, site.name);
        if (found) known = { id: found.id, sitegroup_ids: [] };
      }
      if (known) {
        // A partial PUT converges drift for the one call a GET would cost to detect it.
        await ctx.mist.sites.update(known.id, desired);
        return { id: known.id, sitegroupIds: known.sitegroup_ids, created: false };
      }
      await ctx.sites.markCreating(ctx.orgId, site.name);
      const made = await ctx.mist.sites.create(ctx.orgId, desired);
      await ctx.sites.created(ctx.orgId, site.name, { id: made.id, sitegroup_ids: [] });
      return { id: made.id, sitegroupIds: [] as string[], created: true };
    },
  );
  // PUT is idempotent and partial at the top level, so re-sending the vars is safe on a retry.
  await ctx.mist.sites.updateSetting(id, { vars });
  return {
    // Late binding adds the blueprint's site group to these, without dropping any a person set.
    mist_ids: { site_id: id, sitegroup_ids: sitegroupIds },
    note: `${created ? "created" : "updated"}; IP block ${block}, ${Object.keys(vars).length} site variables`,
  };
};
