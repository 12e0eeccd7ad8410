import type { DeploymentView, StepId } from "@mistflow/contracts";
import type { OrgCatalog } from "../catalog";
import type { StepContext } from "./step-context";
import { bindsAnything } from "./vouched-binding";

/**
 * How long the first site's claim lives without news. Its org steps (3-9, the ones that make the
 * templates and the site group) renew it each time one succeeds, so it lapses only when they
 * stall: the holder's process died, or its steps keep failing. Then the next site to look takes
 * the claim and goes ahead unbound: at most one extra call per lapse.
 */
const FIRST_SITE_CLAIM_MS = 60_000;
/**
 * How long any other site waits at most, claim or not: a safety bound, never reached while the
 * first site progresses. Under a budget-bound rollout the first site's ~30 org calls wait for
 * budget like every other call; an earlier fixed 10 s (then 30 s) wait made 315 of 1,000 sites
 * give up and pay the fourth call in `bench --only rollout` (docs/benchmarks.md).
 */
export const FIRST_SITE_MAX_WAIT_MS = 600_000;
/** The steps whose success shows the first site's templates are on their way. */
const TEMPLATE_STEPS: ReadonlySet<StepId> = new Set(["s03", "s04", "s05", "s06", "s07", "s08", "s09"]);

/** After one of the holder's template steps succeeded: its claim lives on (others keep waiting). */
export async function renewFirstSiteClaim(
  catalog: OrgCatalog,
  deployment: Pick<DeploymentView, "id" | "org_id" | "blueprint">,
  step: StepId,
): Promise<void> {
  if (!TEMPLATE_STEPS.has(step)) return;
  await catalog.renewFirstSite(
    deployment.org_id,
    deployment.blueprint.digest,
    deployment.id,
    FIRST_SITE_CLAIM_MS,
  );
}
/** First look again after this; each look is Redis only, never a Mist call. */
export const FIRST_SITE_POLL_MS = 400;
/**
 * Looks back off to this: a parked job costs a move to the delayed set and a pick-up, and a
 * thousand sites looking every 400 ms were most of the CPU that slowed the first site down.
 */
export const FIRST_SITE_POLL_MAX_MS = 2_000;

/** Half the time waited so far, between the two bounds: quick for a short wait, cheap for a long one. */
export const firstSitePollMs = (waitedMs: number): number =>
  Math.min(FIRST_SITE_POLL_MAX_MS, Math.max(FIRST_SITE_POLL_MS, Math.round(waitedMs / 2)));

/**
 * Step 1 of a new site waits for the blueprint's templates to appear in the org catalogue. The
 * step processor parks the job (no worker held, no attempt spent) and it runs again after
 * `waitMs`.
 */
export class FirstSiteWait extends Error {
  override name = "FirstSiteWait";
  constructor(readonly waitMs: number) {
    super(
      `waiting up to ${FIRST_SITE_MAX_WAIT_MS} ms for the first site's templates; next look in ${waitMs} ms`,
    );
  }
}
export const isFirstSiteWait = (e: unknown): e is FirstSiteWait => e instanceof FirstSiteWait;

/**
 * For a new site whose templates the catalogue does not vouch for yet: undefined to create it
 * unbound now (late binding binds it), or how long to wait before looking again. The first site
 * of the version takes the claim and goes ahead, exactly as the DAG says; the others wait for its
 * templates, each for at most FIRST_SITE_MAX_WAIT_MS since its step 1 first started, and then go
 * ahead unbound too: waiting is an optimisation, never a condition.
 */
export async function firstSiteWaitMs(ctx: StepContext, now = Date.now()): Promise<number | undefined> {
  if (!bindsAnything(ctx)) return undefined;
  const { id, blueprint, steps } = ctx.deployment;
  if (await ctx.catalog.claimFirstSite(ctx.orgId, blueprint.digest, id, FIRST_SITE_CLAIM_MS))
    return undefined;
  // The record keeps the first start across parks and retries: the wait is bounded per site.
  const since = steps.s01.started_at ? Date.parse(steps.s01.started_at) : now;
  if (now - since >= FIRST_SITE_MAX_WAIT_MS) return undefined;
  return firstSitePollMs(now - since);
}
