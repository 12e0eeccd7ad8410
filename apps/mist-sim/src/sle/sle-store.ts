import type { SleMetric } from "./sle-metrics";
import type { SlePoint } from "./sle-signal";

export interface SleConfig {
  /**
   * A site has no SLE data until a device is assigned to it (from the first assignment on), as Mist
   * has nothing to measure before. Off: every site reports its baseline from creation on.
   */
  requireDevices: boolean;
}

/** Events after which a test can make a site's SLEs fall: a firmware upgrade, a binding change. */
export const SLE_TRIGGERS = ["upgrade", "rebind"] as const;
export type SleTrigger = (typeof SLE_TRIGGERS)[number];
type SleValues = Partial<Record<SleMetric, number | null>>;

export const DEFAULT_SLE_CONFIG: SleConfig = { requireDevices: true };

/**
 * SLE values set by tests: per site and metric, a list of points that override the synthetic baseline
 * from their `at` on. Harness state, like faults: cleared by reset, kept across restore.
 */
export class SleStore {
  private overrides = new Map<string, Map<SleMetric, SlePoint[]>>();
  /**
   * Per trigger and site: values its SLEs take from the moment the event happens there, a device
   * finishing a firmware upgrade (a bad build) or its template bindings changing (a bad config).
   */
  private triggered: Record<SleTrigger, Map<string, SleValues>> = { upgrade: new Map(), rebind: new Map() };
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
    for (const t of SLE_TRIGGERS) this.triggered[t].delete(siteId);
  }

  /** What the site's SLEs become after its next `trigger` event (harness: `/__sim/sites/{id}/sle/post-<trigger>`). */
  setTriggered(trigger: SleTrigger, siteId: string, values: SleValues): void {
    this.triggered[trigger].set(siteId, { ...values });
  }

  triggeredFor(trigger: SleTrigger, siteId: string): SleValues {
    return { ...(this.triggered[trigger].get(siteId) ?? {}) };
  }

  clearTriggered(trigger: SleTrigger, siteId: string): void {
    this.triggered[trigger].delete(siteId);
  }

  /** The event happened at the site at `at`: its values for that trigger apply from then on. */
  fire(trigger: SleTrigger, siteId: string, at: number): void {
    const values = this.triggered[trigger].get(siteId);
    if (!values) return;
    for (const [metric, value] of Object.entries(values))
      this.set(siteId, metric as SleMetric, value ?? null, at);
  }

  /** Back to the startup configuration, without overrides. */
  reset(): void {
    this.overrides.clear();
    for (const t of SLE_TRIGGERS) this.triggered[t].clear();
    this.config = { ...this.initial };
  }
}
