import { desiredSiteVars } from "@mistflow/desired-state";
import { adoptedPrefixes } from "@mistflow/ipam";
import type { StepContext } from "./step-context";

/**
 * The site's variables: its IP plan (allocated once, the same block on every retry) with the
 * deployment's overrides on top. Step 1 writes them; late binding checks templates against them.
 * An adopted site keeps its own addressing: its variables are the request's, and IPAM records the
 * prefixes they hold (idempotently) so no new site is ever given an overlapping block.
 */
export async function resolveSiteVars(
  ctx: StepContext,
): Promise<{ vars: Record<string, string>; block: string }> {
  const { site, vars: overrides, ip_plan: ipPlan } = ctx.deployment.request;
  if (ipPlan === "adopted") {
    const adoption = await ctx.ipam.allocator.adopt(site.name, adoptedPrefixes(overrides));
    return { vars: { ...overrides }, block: adoption.held?.block ?? "its own (adopted)" };
  }
  const allocation = await ctx.ipam.allocator.allocate(site.region, site.name);
  return {
    vars: desiredSiteVars(ctx.ipam.config, site.region, allocation.index, overrides),
    block: allocation.block,
  };
}
