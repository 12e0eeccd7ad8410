import { desiredSiteVars } from "@mistflow/desired-state";
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
  return {
    vars: desiredSiteVars(ctx.ipam.config, site.region, allocation.index, overrides),
    block: allocation.block,
  };
}
