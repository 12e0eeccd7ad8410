import { UPGRADE_SLE_METRICS, type UpgradeSleMetric } from "@mistflow/contracts";

/** Site id → metric → mean success fraction (0..1) over a window; absent = no data. */
export type SiteSles = Record<string, Partial<Record<UpgradeSleMetric, number>>>;

export interface SleDelta {
  site_id: string;
  metric: UpgradeSleMetric;
  before: number | null;
  after: number | null;
  /** after − before (negative = worse); null when either side had no data. */
  delta: number | null;
  breached: boolean;
}

export interface SleGuard {
  max_drop: number;
  metrics?: readonly UpgradeSleMetric[] | undefined;
}

export interface SleVerdict {
  breached: boolean;
  deltas: SleDelta[];
  /** One line per breach, for the halt report. */
  reasons: string[];
}

const METRICS = new Set<string>(UPGRADE_SLE_METRICS);

/** The metrics of one roll-up row (`/insights/sites-sle` result): fractions only, counts dropped. */
export function sleValuesOf(row: Record<string, unknown>): Partial<Record<UpgradeSleMetric, number>> {
  const out: Partial<Record<UpgradeSleMetric, number>> = {};
  for (const [key, value] of Object.entries(row)) {
    if (METRICS.has(key) && typeof value === "number" && Number.isFinite(value)) {
      out[key as UpgradeSleMetric] = value;
    }
  }
  return out;
}

/** Rounded for reports: Mist's fractions carry more digits than anyone reads. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Compares each site's SLEs after a wave with its baseline before it. A metric breaches when it
 * fell by more than `max_drop` (absolute, so 0.05 = five points). A side without data cannot prove
 * a drop: such metrics are reported with `delta: null` and never breach, since a site with no
 * clients after a reboot is not evidence against the firmware.
 */
export function evaluateSle(
  sites: readonly string[],
  before: SiteSles,
  after: SiteSles,
  guard: SleGuard,
): SleVerdict {
  const deltas: SleDelta[] = [];
  const reasons: string[] = [];
  for (const site of sites) {
    const b = before[site] ?? {};
    const a = after[site] ?? {};
    const metrics =
      guard.metrics ?? UPGRADE_SLE_METRICS.filter((m) => b[m] !== undefined || a[m] !== undefined);
    for (const metric of metrics) {
      const bv = b[metric];
      const av = a[metric];
      const delta = bv === undefined || av === undefined ? null : round(av - bv);
      // The epsilon keeps a drop of exactly max_drop (0.97 → 0.92 at 0.05) from breaching on rounding.
      const breached = delta !== null && -delta > guard.max_drop + 1e-9;
      deltas.push({
        site_id: site,
        metric,
        before: bv === undefined ? null : round(bv),
        after: av === undefined ? null : round(av),
        delta,
        breached,
      });
      if (breached && bv !== undefined && av !== undefined) {
        reasons.push(
          `site ${site}: ${metric} fell from ${round(bv)} to ${round(av)} (${delta}), more than the allowed ${guard.max_drop}`,
        );
      }
    }
  }
  return { breached: reasons.length > 0, deltas, reasons };
}
