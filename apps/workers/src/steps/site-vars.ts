import { mergeVars, planSite, siteVars } from "@mistflow/ipam";
import type { StepContext } from "./step-context";

/**
 * The site's variables: its IP plan (allocated once, the same block on every retry) with the
 * deployment's overrides on top. Step 1 writes them; late binding checks templates against them.
 */
export async function resolveSiteVars(
  ctx: StepContext,
): Promise<{ vars: Record<string, string>; block: string }> {
  const { site, vars: overrides } = ctx.deployment.request;
  const allocation = await ctx.ipam.allocator.allocate(site.region, site.name);
  const plan = planSite(ctx.ipam.config, site.region, allocation.index);
  return { vars: mergeVars(siteVars(plan), overrides), block: allocation.block };
}
