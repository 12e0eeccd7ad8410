import type { Logger } from "@mistflow/logger";
import { isRateLimitWaitError, type TokenPool } from "@mistflow/mist-client";
import { boundOrgs, checkDrift, type DriftDeps, type DriftStore, mistReader } from "@mistflow/plan";

export interface DriftCheckDeps {
  drift: DriftDeps;
  reports: DriftStore;
  mist: TokenPool;
  log: Logger;
}

/**
 * The scheduled drift check: every org with bound sites, compared with Mist (GETs only), its
 * report saved for `GET /v1/drift/last` and the gauge. An org whose budget is spent is skipped
 * this cycle, not waited for: the next cycle comes anyway, and a check must not starve steps.
 */
export async function runDriftCheck(deps: DriftCheckDeps): Promise<{ orgs: number; drifted: number }> {
  const orgs = await boundOrgs(deps.drift.registry);
  let drifted = 0;
  for (const orgId of orgs) {
    try {
      const report = await checkDrift(
        deps.drift,
        mistReader(() => deps.mist.clientFor(orgId)),
        orgId,
      );
      await deps.reports.save(report);
      drifted += report.summary.objects_drifted + report.summary.sites_drifted;
      deps.log.info({ org: orgId, ...report.summary, reads: report.reads }, "drift check done");
    } catch (e) {
      if (!isRateLimitWaitError(e)) throw e;
      deps.log.warn({ org: orgId, waitMs: e.waitMs }, "drift check skipped: Mist budget spent");
    }
  }
  for (const report of await deps.reports.all())
    if (!orgs.includes(report.org_id)) await deps.reports.forget(report.org_id);
  return { orgs: orgs.length, drifted };
}
