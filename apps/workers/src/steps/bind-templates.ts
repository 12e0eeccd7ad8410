import { desiredBinding } from "@mistflow/desired-state";
import { isMistBadRequestError, isMistNotFoundError } from "@mistflow/mist-client";
import { StepFailure } from "@mistflow/worker-runtime";
import { resolveSiteVars } from "./site-vars";
import { idFrom, type StepContext, type StepHandler } from "./step-context";
import { assertVarsCoverBlueprint } from "./var-gate";

const optionalId = (ctx: StepContext, step: "s06" | "s07" | "s08" | "s09", key: string) => {
  const v = ctx.deployment.steps[step].mist_ids[key];
  return typeof v === "string" ? v : undefined;
};

/**
 * Whether step 1 created the site bound to exactly this binding (the catalogue vouched for every
 * id steps 6-9 have now verified). Any difference, and late binding makes its call as usual.
 */
function boundAtCreate(ctx: StepContext, binding: Record<string, unknown>, group: string | undefined) {
  const made = ctx.deployment.steps.s01.mist_ids;
  if (group !== undefined && made.bound_sitegroup_id !== group) return false;
  return Object.entries(binding).every(([field, id]) => field === "sitegroup_ids" || made[field] === id);
}

/**
 * Late binding: the commit point, one call. Everything org-level exists and is validated first;
 * only then does the live site get its gateway, switch and RF templates and join the blueprint's
 * site group (which its WLAN template applies to). A template using a variable the site lacks
 * would render broken config on real devices, so that is refused before any Mist call.
 */
export const bindTemplates: StepHandler = async (ctx) => {
  const siteId = idFrom(ctx, "s01", "site_id");
  const { vars } = await resolveSiteVars(ctx);
  assertVarsCoverBlueprint(ctx.blueprint, vars);

  const gateway = optionalId(ctx, "s06", "gatewaytemplate_id");
  const network = optionalId(ctx, "s07", "networktemplate_id");
  const rf = optionalId(ctx, "s09", "rftemplate_id");
  const group = optionalId(ctx, "s08", "sitegroup_id");
  const current = ctx.deployment.steps.s01.mist_ids.sitegroup_ids;
  const binding = desiredBinding({
    gatewaytemplate_id: gateway,
    networktemplate_id: network,
    rftemplate_id: rf,
    sitegroup_id: group,
    current_sitegroup_ids: Array.isArray(current) ? current : [],
  });
  if (Object.keys(binding).length === 0) return { mist_ids: { site_id: siteId }, note: "nothing to bind" };
  if (boundAtCreate(ctx, binding, group)) {
    return {
      mist_ids: { site_id: siteId, ...binding },
      note: "bound when step 1 created the site; no Mist call",
    };
  }

  try {
    // The site's own name rides along: the operation's schema requires it, and a deployment's
    // site is the one step 1 made or found under exactly this name.
    await ctx.mist.sites.update(siteId, { name: ctx.deployment.request.site.name, ...binding });
  } catch (e) {
    if (isMistBadRequestError(e) || isMistNotFoundError(e)) {
      // Most likely an object was deleted in Mist after this batch verified it: forget what we
      // knew so the next deployment checks again, and say so.
      await Promise.all([ctx.catalog.forgetOrg(ctx.orgId), ctx.sites.forget(ctx.orgId)]);
      throw new StepFailure(
        `Mist refused the binding (${e.message}); org catalogue cleared, resubmit to re-verify`,
      );
    }
    throw e;
  }
  return {
    mist_ids: { site_id: siteId, ...binding },
    note: `bound ${[gateway, network, rf].filter(Boolean).length} template(s)${group ? " and the WLAN site group" : ""}`,
  };
};
