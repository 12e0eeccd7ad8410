import { byName, desiredSitegroup, desiredWlanTemplate, sitegroupOf } from "@mistflow/desired-state";
import { ensureObjects } from "./ensure-objects";
import { ensureSingleTemplate } from "./ensure-single-template";
import type { OrgStepHandler } from "./step-context";

/** Step 6. */
export const ensureGatewayTemplate: OrgStepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "gatewaytemplates", ctx.blueprint.gateway_template, "gatewaytemplate_id");

/** Step 7: Mist calls switch templates "network templates". */
export const ensureSwitchTemplate: OrgStepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "networktemplates", ctx.blueprint.switch_template, "networktemplate_id");

/**
 * Step 8: the WLAN template, applied to the blueprint's site group. Late binding then only has to
 * put each site in that group, one call on the site itself, instead of a read-modify-write of a
 * site list that every site of the blueprint shares.
 */
export const ensureWlanTemplate: OrgStepHandler = async (ctx) => {
  if (!ctx.blueprint.wlan_template)
    return ensureSingleTemplate(ctx, "templates", undefined, "wlantemplate_id");
  const groupName = sitegroupOf(ctx.blueprint);
  const groups = await ensureObjects(ctx, {
    kind: "sitegroups",
    desired: [desiredSitegroup(ctx.blueprint)],
    identity: byName,
  });
  const sitegroupId = groups.ids.get(groupName);
  if (!sitegroupId) throw new Error(`site group ${groupName} has no id`);
  const outcome = await ensureSingleTemplate(
    ctx,
    "templates",
    desiredWlanTemplate(ctx.blueprint, sitegroupId),
    "wlantemplate_id",
  );
  const { fromCatalog, ...rest } = outcome;
  return {
    ...rest,
    mist_ids: { ...outcome.mist_ids, sitegroup_id: sitegroupId },
    // All catalogue only if the site group came from it too.
    ...(fromCatalog && groups.cached ? { fromCatalog } : {}),
  };
};

/** Step 9. */
export const ensureRfTemplate: OrgStepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "rftemplates", ctx.blueprint.rf_template, "rftemplate_id");
