import { desiredSitegroup, desiredWlanTemplate } from "@mistflow/desired-state";
import { fingerprint } from "../catalog";
import type { StepContext } from "./step-context";

/** What a site is bound with: the templates' ids and the blueprint's site group. */
export interface SiteBinding {
  gatewaytemplate_id?: string;
  networktemplate_id?: string;
  rftemplate_id?: string;
  sitegroup_id?: string;
}

/** Catalogue kind of each site template field, for dropping entries Mist says are stale. */
export const BINDING_KINDS = {
  gatewaytemplate_id: ["gatewaytemplates"],
  networktemplate_id: ["networktemplates"],
  rftemplate_id: ["rftemplates"],
  // The WLAN template's own fingerprint holds the group's id, so it goes stale with it.
  sitegroup_ids: ["sitegroups", "templates"],
} as const satisfies Record<string, readonly string[]>;

const one = async (ctx: StepContext, kind: string, desired: unknown): Promise<string | undefined> =>
  (await ctx.catalog.lookup(ctx.orgId, kind, [fingerprint(desired)]))?.[0];

/**
 * The binding steps 6-9 would record, when the org catalogue already vouches for every object of
 * it (the exact content of this blueprint version's templates, its site group and WLAN template);
 * undefined as soon as one is not known. Redis only, no Mist call. An empty binding means the
 * blueprint binds nothing.
 */
export async function vouchedBinding(ctx: StepContext): Promise<SiteBinding | undefined> {
  const bp = ctx.blueprint;
  const binding: SiteBinding = {};
  const templates = [
    ["gatewaytemplate_id", "gatewaytemplates", bp.gateway_template],
    ["networktemplate_id", "networktemplates", bp.switch_template],
    ["rftemplate_id", "rftemplates", bp.rf_template],
  ] as const;
  for (const [field, kind, template] of templates) {
    if (!template) continue;
    const id = await one(ctx, kind, template);
    if (!id) return undefined;
    binding[field] = id;
  }
  if (bp.wlan_template) {
    const groupId = await one(ctx, "sitegroups", desiredSitegroup(bp));
    if (!groupId) return undefined;
    // Joining the group is what applies the WLAN template: only once that template is there too.
    if (!(await one(ctx, "templates", desiredWlanTemplate(bp, groupId)))) return undefined;
    binding.sitegroup_id = groupId;
  }
  return binding;
}

/** Whether a blueprint binds anything at all; one that does not never waits for templates. */
export const bindsAnything = (ctx: StepContext): boolean => {
  const bp = ctx.blueprint;
  return Boolean(bp.gateway_template || bp.switch_template || bp.rf_template || bp.wlan_template);
};
