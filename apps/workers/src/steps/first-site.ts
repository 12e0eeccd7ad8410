import type { StepContext } from "./step-context";
import { bindsAnything } from "./vouched-binding";

/**
 * How long the first site of a blueprint version in an org holds its claim. If it has not made
 * its templates by then (its process died, or its org steps are slow), the next site to look
 * takes the claim and goes ahead unbound: at most one extra call per claim period.
 */
export const FIRST_SITE_CLAIM_MS = 10_000;
/**
 * How long any other site waits at most for the templates. A rollout of hundreds of sites starts
 * with a burst (every deployment's flow and its org steps at once) in which the first site's org
 * steps, ~30 calls one after another, took longer than the claim; `bench --only rollout` showed
 * 40% of a 100-site batch giving up at 10 s and paying the extra binding call (docs/benchmarks.md).
 */
export const FIRST_SITE_MAX_WAIT_MS = 30_000;
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
