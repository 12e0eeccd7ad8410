import type { SleMetric } from "./sle-metrics";
import type { SlePoint } from "./sle-signal";

export interface SleConfig {
  /**
   * A site has no SLE data until a device is assigned to it (from the first assignment on), as Mist
   * has nothing to measure before. Off: every site reports its baseline from creation on.
   */
  requireDevices: boolean;
}

export const DEFAULT_SLE_CONFIG: SleConfig = { requireDevices: true };

/**
 * SLE values set by tests: per site and metric, a list of points that override the synthetic baseline
 * from their `at` on. Harness state, like faults: cleared by reset, kept across restore.
 */
export class SleStore {
  private overrides = new Map<string, Map<SleMetric, SlePoint[]>>();
  config: SleConfig;

  constructor(private readonly initial: SleConfig = DEFAULT_SLE_CONFIG) {
    this.config = { ...initial };
  }

  /** Set `metric` to `value` from `at` on; a second value for the same `at` replaces the first. */
  set(siteId: string, metric: SleMetric, value: number | null, at: number): void {
    let site = this.overrides.get(siteId);
    if (!site) {
      site = new Map();
      this.overrides.set(siteId, site);
    }
    const points = (site.get(metric) ?? []).filter((p) => p.at !== at);
    points.push({ at, value });
    points.sort((a, b) => a.at - b.at);
    site.set(metric, points);
  }

  pointsFor(siteId: string, metric: SleMetric): readonly SlePoint[] {
    return this.overrides.get(siteId)?.get(metric) ?? [];
  }

  /** Every override of a site, by metric (only metrics that have some). */
  siteOverrides(siteId: string): Partial<Record<SleMetric, SlePoint[]>> {
    const site = this.overrides.get(siteId);
    return site ? Object.fromEntries([...site].map(([metric, points]) => [metric, [...points]])) : {};
  }

  clearSite(siteId: string): void {
    this.overrides.delete(siteId);
  }

  /** Back to the startup configuration, without overrides. */
  reset(): void {
    this.overrides.clear();
    this.config = { ...this.initial };
  }
}
