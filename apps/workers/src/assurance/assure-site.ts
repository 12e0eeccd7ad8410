import {
  type AssuranceReport,
  describeFailures,
  judgeMetrics,
  overallVerdict,
  resolveAssurance,
  sleValuesOf,
} from "@mistflow/contracts";
import { idFrom, type StepHandler } from "../steps/step-context";
import { AssuranceFailure, AssuranceWait } from "./assurance-signals";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The assurance step: after late binding, watch the site's Wi-Fi SLEs over a soak window and
 * judge them against their thresholds when it closes. Each run is one look; between looks the
 * job waits in BullMQ's delayed set, so a 30-minute window holds no worker. The window's start
 * lives in the step record, so a redelivered job continues the same window.
 *
 * At the close: a metric below its threshold fails the deployment (`failed_assurance`) with the
 * per-metric report; no data at all is reported as such without failing it.
 */
export const assureSite: StepHandler = async (ctx) => {
  const siteId = idFrom(ctx, "s01", "site_id");
  const settings = resolveAssurance(ctx.assurance, ctx.blueprint.assurance, ctx.deployment.request.assurance);
  const previous = ctx.deployment.steps.assure.assurance;
  const now = Date.now();
  const startedMs = previous?.window_started_at ? Date.parse(previous.window_started_at) : now;
  const endsMs = previous?.window_ends_at ? Date.parse(previous.window_ends_at) : startedMs + settings.soakMs;
  const window = { window_started_at: iso(startedMs), window_ends_at: iso(endsMs) };
  const polls = previous?.polls ?? 0;

  if (!previous) {
    // Nothing to read yet: the window starts now, and the first look is one poll away.
    const report: AssuranceReport = { verdict: "pending", metrics: [], ...window, polls };
    throw new AssuranceWait(Math.min(settings.pollMs, endsMs - now), report);
  }

  // Mist's roll-up over the whole window so far, so the last look judges the whole soak.
  const startS = Math.floor(startedMs / 1000);
  const rows = await ctx.mist.insights.orgSitesSle(ctx.orgId, {
    sle: "wifi",
    start: startS,
    end: Math.max(startS + 1, Math.ceil(now / 1000)),
  });
  const metrics = judgeMetrics(sleValuesOf(rows.find((r) => r.site_id === siteId)), settings.thresholds);
  const looked = { metrics, ...window, checked_at: iso(now), polls: polls + 1 };

  if (now < endsMs) {
    throw new AssuranceWait(Math.min(settings.pollMs, endsMs - now), { verdict: "pending", ...looked });
  }
  const verdict = overallVerdict(metrics);
  const report: AssuranceReport = { verdict, ...looked };
  if (verdict === "fail") {
    throw new AssuranceFailure(`SLEs below threshold: ${describeFailures(metrics)}`, report);
  }
  const passed = metrics.filter((m) => m.verdict === "pass").length;
  return {
    mist_ids: { site_id: siteId },
    note:
      verdict === "no_data"
        ? `no data: Mist reported no SLEs for the site during the ${settings.soakMs / 1000} s window`
        : `SLEs pass: ${passed} of ${metrics.length} metrics at or above threshold${passed < metrics.length ? `, ${metrics.length - passed} without data` : ""}`,
    assurance: report,
  };
};
