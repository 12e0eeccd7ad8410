/** From `at` (ms) on, the metric is `value`; `null` means "no data". */
export interface SlePoint {
  at: number;
  value: number | null;
}

/**
 * A piecewise-constant SLE time series: the value at `t` is that of the last point with `at <= t`,
 * and there is no data before the first point. Everything is computed from the points on demand, so
 * the simulator needs no timers and a fake clock moves SLEs as well as everything else.
 */
export class SleSignal {
  private readonly points: SlePoint[];

  constructor(points: readonly SlePoint[]) {
    this.points = [...points].sort((a, b) => a.at - b.at);
  }

  /** Base series with overrides on top: from an override's `at` on, the override wins. */
  static overlay(base: readonly SlePoint[], overrides: readonly SlePoint[]): SleSignal {
    const baseSignal = new SleSignal(base);
    const overrideSignal = new SleSignal(overrides);
    const firstOverride = overrideSignal.points[0]?.at ?? Number.POSITIVE_INFINITY;
    const times = [...new Set([...base.map((p) => p.at), ...overrides.map((p) => p.at)])];
    return new SleSignal(
      times.map((at) => ({
        at,
        value: at >= firstOverride ? overrideSignal.valueAt(at) : baseSignal.valueAt(at),
      })),
    );
  }

  valueAt(t: number): number | null {
    let value: number | null = null;
    for (const p of this.points) {
      if (p.at > t) break;
      value = p.value;
    }
    return value;
  }

  /** Time-weighted mean over [from, to), skipping stretches without data; null if none had data. */
  mean(from: number, to: number): number | null {
    let weighted = 0;
    let covered = 0;
    const cuts = [from, ...this.points.map((p) => p.at).filter((at) => at > from && at < to), to];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i] as number;
      const length = (cuts[i + 1] as number) - start;
      const value = this.valueAt(start);
      if (value === null || length <= 0) continue;
      weighted += value * length;
      covered += length;
    }
    return covered > 0 ? weighted / covered : null;
  }

  /**
   * What a sample over [from, to) reports at `now`: the mean of the elapsed part, nothing for the
   * future, and the current value for a bucket that has only just begun (so a value set "now", or a
   * device assigned a moment ago, shows at once even with a frozen test clock).
   */
  sample(from: number, to: number, now: number): number | null {
    if (from > now) return null;
    const end = Math.min(to, now);
    const mean = end > from ? this.mean(from, end) : null;
    if (mean !== null) return mean;
    return to >= now ? this.valueAt(now) : null;
  }
}
