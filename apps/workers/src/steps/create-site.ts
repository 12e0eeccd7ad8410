import { desiredSite } from "@mistflow/desired-state";
import {
  isMistBadRequestError,
  isRateLimitWaitError,
  type Site,
  type SiteInput,
} from "@mistflow/mist-client";
import { type KnownSite, knownSite } from "../catalog";
import { FirstSiteWait, firstSiteWaitMs } from "./first-site";
import { resolveSiteVars } from "./site-vars";
import type { StepContext, StepHandler } from "./step-context";
import { assertVarsCoverBlueprint } from "./var-gate";
import { BINDING_KINDS, type SiteBinding, vouchedBinding } from "./vouched-binding";

/**
 * Mist's documented field error (docs/design/mist-api.md §3.5) on one of the binding fields: the
 * catalogue vouched for an id Mist no longer has. Any other 400 is a refusal of the site itself.
 */
const STALE_BINDING = /^invalid field: (gatewaytemplate_id|networktemplate_id|rftemplate_id|sitegroup_ids)$/;

function staleBindingField(e: unknown): keyof typeof BINDING_KINDS | undefined {
  if (!isMistBadRequestError(e)) return undefined;
  return e.detail?.match(STALE_BINDING)?.[1] as keyof typeof BINDING_KINDS | undefined;
}

/**
 * Whether a site found by name already carries exactly this binding (its templates, and the
 * blueprint's site group among its groups): then late binding has nothing to do for it either.
 * Typically a site this deployment created bound on an earlier run of step 1.
 */
function alreadyBound(site: KnownSite, binding: SiteBinding | undefined): SiteBinding | undefined {
  if (!binding) return undefined;
  const { sitegroup_id: group, ...templates } = binding;
  for (const [field, id] of Object.entries(templates) as Array<[keyof typeof templates, string]>)
    if (site[field] !== id) return undefined;
  if (group && !site.sitegroup_ids.includes(group)) return undefined;
  return binding;
}

const createBody = (desired: SiteInput, binding: SiteBinding): SiteInput => {
  const { sitegroup_id: group, ...templates } = binding;
  return { ...desired, ...templates, ...(group ? { sitegroup_ids: [group] } : {}) };
};

/**
 * The create, bound when the catalogue vouched for the binding. If Mist says a vouched id does
 * not exist, those catalogue entries go and the site is made unbound instead: late binding then
 * binds it to whatever steps 6-9 verify anew, so a stale catalogue costs a call, not a site.
 */
async function createMaybeBound(
  ctx: StepContext,
  desired: SiteInput,
  binding: SiteBinding | undefined,
): Promise<{ made: Site; bound?: SiteBinding }> {
  if (!binding) return { made: await ctx.mist.sites.create(ctx.orgId, desired) };
  try {
    return { made: await ctx.mist.sites.create(ctx.orgId, createBody(desired, binding)), bound: binding };
  } catch (e) {
    const field = staleBindingField(e);
    if (!field) throw e;
    await ctx.catalog.forget(ctx.orgId, BINDING_KINDS[field]);
    ctx.log.info(
      { field },
      "Mist does not have a template the catalogue vouched for; creating the site unbound",
    );
    // A 400 made nothing, so this second create cannot duplicate the site.
    return { made: await ctx.mist.sites.create(ctx.orgId, desired) };
  }
}

/**
 * Step 1: the site itself, its IP plan, and the plan as Mist site variables. Sites are found in
 * the org's site directory (one list per batch, not one search per site), so a new site costs two
 * calls: create it and set its variables. When the org catalogue already vouches for the
 * blueprint's templates and site group, the create binds the site to them as well (the `site`
 * body of createOrgSite carries the same fields as the update), and late binding has no call
 * left to make: three calls per additional site instead of four (docs/benchmarks.md).
 */
export const createSite: StepHandler = async (ctx) => {
  const { site } = ctx.deployment.request;
  const { vars, block } = await resolveSiteVars(ctx);
  const desired = desiredSite(site);
  const vouched = await vouchedBinding(ctx);
  const binding = vouched && Object.keys(vouched).length > 0 ? vouched : undefined;
  // The pre-bind gate, before any Mist call: a site created bound renders its templates at once.
  if (binding) assertVarsCoverBlueprint(ctx.blueprint, vars);
  const { id, sitegroupIds, created, bound } = await ctx.lock.with(
    `${ctx.orgId}:site:${site.name.toLowerCase()}`,
    async () => {
      let known = await ctx.sites.find(ctx.mist, ctx.orgId, site.name);
      if (!known && (await ctx.sites.wasCreating(ctx.orgId, site.name))) {
        const found = await ctx.mist.sites.searchByName(ctx.orgId, site.name);
        if (found) known = knownSite(found);
      }
      if (known) {
        // Our own create, from an earlier run of this step whose next call waited for budget:
        // Mist has exactly what we sent, so sending it again would be a wasted call.
        const ours = known.created_by === ctx.deployment.id;
        // Otherwise a partial PUT converges drift for the one call a GET would cost to detect it.
        // Never rebound here: only late binding changes an existing site's templates.
        if (!ours) await ctx.mist.sites.update(known.id, desired);
        const bound = alreadyBound(known, binding);
        return { id: known.id, sitegroupIds: known.sitegroup_ids, created: ours, bound };
      }
      if (!binding) {
        const waitMs = await firstSiteWaitMs(ctx);
        if (waitMs !== undefined) throw new FirstSiteWait(waitMs);
      }
      await ctx.sites.markCreating(ctx.orgId, site.name);
      let r: Awaited<ReturnType<typeof createMaybeBound>>;
      try {
        r = await createMaybeBound(ctx, desired, binding);
      } catch (e) {
        // The budget said wait before the request left: no site can exist, so the next run
        // need not search for one (a call) before creating it.
        if (isRateLimitWaitError(e)) await ctx.sites.notCreating(ctx.orgId, site.name);
        throw e;
      }
      const groups = r.bound?.sitegroup_id ? [r.bound.sitegroup_id] : [];
      const { sitegroup_id: _group, ...boundTemplates } = r.bound ?? {};
      await ctx.sites.created(ctx.orgId, site.name, {
        id: r.made.id,
        sitegroup_ids: groups,
        ...boundTemplates,
        created_by: ctx.deployment.id,
      });
      return { id: r.made.id, sitegroupIds: groups, created: true, bound: r.bound };
    },
  );
  // PUT is idempotent and partial at the top level, so re-sending the vars is safe on a retry.
  await ctx.mist.sites.updateSetting(id, { vars });
  const { sitegroup_id: group, ...templates } = bound ?? {};
  return {
    // Late binding adds the blueprint's site group to these, without dropping any a person set.
    // What a bound create bound is recorded apart, so late binding can tell it has nothing left
    // to do; a site found by name never has it, and late binding alone rebinds that one.
    mist_ids: {
      site_id: id,
      sitegroup_ids: sitegroupIds,
      ...templates,
      ...(group ? { bound_sitegroup_id: group } : {}),
    },
    note: `${created ? (bound ? "created bound to the blueprint's templates" : "created") : "updated"}; IP block ${block}, ${Object.keys(vars).length} site variables`,
  };
};
