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
  /** Per site: values its SLEs take from the moment one of its devices finishes a firmware upgrade. */
  private postUpgrade = new Map<string, Partial<Record<SleMetric, number | null>>>();
  /** Per site: values its SLEs take from the moment its template bindings change (a bad config). */
  private postRebind = new Map<string, Partial<Record<SleMetric, number | null>>>();
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
    this.postUpgrade.delete(siteId);
    this.postRebind.delete(siteId);
  }

  /** What the site's SLEs become after its next upgraded device (harness: `/__sim/sites/{id}/sle/post-upgrade`). */
  setPostUpgrade(siteId: string, values: Partial<Record<SleMetric, number | null>>): void {
    this.postUpgrade.set(siteId, { ...values });
  }

  postUpgradeFor(siteId: string): Partial<Record<SleMetric, number | null>> {
    return { ...(this.postUpgrade.get(siteId) ?? {}) };
  }

  clearPostUpgrade(siteId: string): void {
    this.postUpgrade.delete(siteId);
  }

  /** A device of the site finished an upgrade at `at`: its post-upgrade values apply from then on. */
  deviceUpgraded(siteId: string, at: number): void {
    const values = this.postUpgrade.get(siteId);
    if (!values) return;
    for (const [metric, value] of Object.entries(values))
      this.set(siteId, metric as SleMetric, value ?? null, at);
  }

  /** What the site's SLEs become after its next binding change (harness: `/__sim/sites/{id}/sle/post-rebind`). */
  setPostRebind(siteId: string, values: Partial<Record<SleMetric, number | null>>): void {
    this.postRebind.set(siteId, { ...values });
  }

  postRebindFor(siteId: string): Partial<Record<SleMetric, number | null>> {
    return { ...(this.postRebind.get(siteId) ?? {}) };
  }

  clearPostRebind(siteId: string): void {
    this.postRebind.delete(siteId);
  }

  /** The site's templates or site groups changed at `at`: its post-rebind values apply from then on. */
  siteRebound(siteId: string, at: number): void {
    const values = this.postRebind.get(siteId);
    if (!values) return;
    for (const [metric, value] of Object.entries(values))
      this.set(siteId, metric as SleMetric, value ?? null, at);
  }

  /** Back to the startup configuration, without overrides. */
  reset(): void {
    this.overrides.clear();
    this.postUpgrade.clear();
    this.postRebind.clear();
    this.config = { ...this.initial };
  }
}
