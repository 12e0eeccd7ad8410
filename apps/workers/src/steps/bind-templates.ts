import { missingVars } from "@mistflow/ipam";
import { StepFailure } from "@mistflow/worker-runtime";
import { resolveSiteVars } from "./site-vars";
import { idFrom, type StepContext, type StepHandler } from "./step-context";

const optionalId = (ctx: StepContext, step: "s06" | "s07" | "s08" | "s09", key: string) => {
  const v = ctx.deployment.steps[step].mist_ids[key];
  return typeof v === "string" ? v : undefined;
};

/**
 * Late binding: the commit point. Everything org-level exists and is validated first; only then
 * does the live site get its templates. A template that uses a variable the site lacks would
 * render broken config on real devices, so that is refused before the first Mist call.
 */
export const bindTemplates: StepHandler = async (ctx) => {
  const siteId = idFrom(ctx, "s01", "site_id");
  const { vars } = await resolveSiteVars(ctx);
  const { gateway_template, switch_template, rf_template, wlans, networks, labels, psks, hub_profiles } =
    ctx.blueprint;
  const used = {
    gateway_template,
    switch_template,
    rf_template,
    wlans,
    networks,
    labels,
    psks,
    hub_profiles,
  };
  const missing = missingVars(used, vars);
  if (missing.length > 0) {
    throw new StepFailure(
      `the blueprint uses site variables this site does not define: ${missing.join(", ")}`,
    );
  }

  const binding = {
    ...(optionalId(ctx, "s06", "gatewaytemplate_id")
      ? { gatewaytemplate_id: optionalId(ctx, "s06", "gatewaytemplate_id") }
      : {}),
    ...(optionalId(ctx, "s07", "networktemplate_id")
      ? { networktemplate_id: optionalId(ctx, "s07", "networktemplate_id") }
      : {}),
    ...(optionalId(ctx, "s09", "rftemplate_id")
      ? { rftemplate_id: optionalId(ctx, "s09", "rftemplate_id") }
      : {}),
  };
  if (Object.keys(binding).length > 0) await ctx.mist.sites.update(siteId, binding);

  const wlanTemplateId = optionalId(ctx, "s08", "wlantemplate_id");
  if (wlanTemplateId) {
    // Read-modify-write of a list shared by every site: serialised per template.
    await ctx.lock.with(`${ctx.orgId}:templates:${wlanTemplateId}`, async () => {
      const template = await ctx.mist.orgObjects.get(ctx.orgId, "templates", wlanTemplateId);
      const applies = (template.applies ?? {}) as { site_ids?: string[]; sitegroup_ids?: string[] };
      const siteIds = applies.site_ids ?? [];
      if (!siteIds.includes(siteId)) {
        await ctx.mist.orgObjects.update(ctx.orgId, "templates", wlanTemplateId, {
          applies: { ...applies, site_ids: [...siteIds, siteId] },
        });
      }
    });
  }
  return {
    mist_ids: { site_id: siteId, ...binding, ...(wlanTemplateId ? { wlantemplate_id: wlanTemplateId } : {}) },
    note: `bound ${Object.keys(binding).length + (wlanTemplateId ? 1 : 0)} template(s)`,
  };
};
