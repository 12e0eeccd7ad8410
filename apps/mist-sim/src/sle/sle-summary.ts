import { SLE_CLASSIFIERS, type SleMetric, siteMetricName, sleYLabel } from "./sle-metrics";
import type { SleSite } from "./sle-site";
import { type SleWindow, sampleInterval } from "./sle-window";

/** Spec `sle_summary` / `sle_classifier` impact block. */
export interface SleImpact {
  num_users: number;
  num_aps: number;
  total_users: number;
  total_aps: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** How a metric's degradation is split over its classifiers: the first takes the largest share. */
function classifierShares(count: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => count - i);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

function impactFor(site: SleSite, mean: number | null, share = 1): SleImpact {
  const bad = mean === null ? 0 : 1 - mean;
  return {
    num_users: Math.round(site.numClients * bad * share),
    num_aps: bad > 0 ? Math.min(site.numAps, Math.ceil(site.numAps * bad * share)) : 0,
    total_users: site.numClients,
    total_aps: site.numAps,
  };
}

/**
 * `GET /sites/{id}/sle/site/{id}/metric/{metric}/summary` (spec `sle_summary`). One sample per
 * interval: `value` is the SLE fraction (time-weighted over the stored series), `total` the
 * user-minutes (AP-minutes for ap-availability) and `degraded` the share of them below the SLE.
 * Samples without data (before the site had any, or in the future) are null.
 */
export function sleSummary(site: SleSite, metric: SleMetric, window: SleWindow, nowMs: number) {
  const signal = site.signals[metric];
  const interval = sampleInterval(window);
  const perMinute = metric === "ap-availability" ? site.numAps : site.numClients;
  const total: Array<number | null> = [];
  const degraded: Array<number | null> = [];
  const value: Array<number | null> = [];
  for (let t = window.start; t < window.end; t += interval) {
    const to = Math.min(t + interval, window.end);
    const v = signal.sample(t * 1000, to * 1000, nowMs);
    // The current bucket has only counted the minutes elapsed so far, as in Mist's own last sample.
    const elapsedS = Math.max(0, Math.min(to * 1000, nowMs) / 1000 - t);
    const minutes = v === null ? null : round2((perMinute * elapsedS) / 60);
    value.push(v === null ? null : Math.round(v * 10_000) / 10_000);
    total.push(minutes);
    degraded.push(v === null || minutes === null ? null : round2(minutes * (1 - v)));
  }
  const mean = signal.sample(window.start * 1000, window.end * 1000, nowMs);
  const names = SLE_CLASSIFIERS[metric];
  const shares = classifierShares(names.length);
  const classifiers = names.map((name, i) => {
    const share = shares[i] ?? 0;
    const part = degraded.map((d) => (d === null ? null : round2(d * share)));
    return {
      name,
      interval,
      x_label: "seconds",
      y_label: sleYLabel(metric),
      impact: impactFor(site, mean, share),
      samples: { total: [...total], degraded: part, duration: part.map((d) => d ?? 0) },
    };
  });
  return {
    start: window.start,
    end: window.end,
    sle: {
      name: siteMetricName(metric),
      interval,
      x_label: "seconds",
      y_label: sleYLabel(metric),
      samples: { total, degraded, value },
    },
    impact: impactFor(site, mean),
    classifiers,
    events: [] as Array<Record<string, unknown>>,
  };
}
