import type { UpgradeStrategy } from "./upgrade-types";

/** Spec defaults (`upgrade_device_canary_phases`); rrm batches are our own reading (see README). */
export const DEFAULT_CANARY_PHASES = [1, 10, 50, 100];
const DEFAULT_RRM_FIRST_BATCH = 10;
const DEFAULT_RRM_MAX_BATCH = 30;

/** Cumulative percentages → consecutive batches; the last batch always takes whoever is left. */
function byPercentages(macs: readonly string[], percentages: readonly number[]): string[][] {
  const phases: string[][] = [];
  let done = 0;
  for (const pct of [...percentages].sort((a, b) => a - b)) {
    const upTo = Math.min(macs.length, Math.max(done, Math.ceil((macs.length * pct) / 100)));
    if (upTo > done) phases.push(macs.slice(done, upTo));
    done = upTo;
  }
  if (done < macs.length) phases.push(macs.slice(done));
  return phases;
}

export interface PlanOptions {
  canary_phases?: number[] | undefined;
  rrm_first_batch_percentage?: number | undefined;
  rrm_max_batch_percentage?: number | undefined;
}

/**
 * Which devices upgrade together. big_bang: all at once; serial: one by one; canary: cumulative
 * `canary_phases` percentages (default 1, 10, 50, 100); rrm: a first batch of
 * `rrm_first_batch_percentage` (default 10 %) then batches of `rrm_max_batch_percentage` (default 30 %).
 */
export function planPhases(
  strategy: UpgradeStrategy,
  macs: readonly string[],
  opts: PlanOptions = {},
): string[][] {
  if (macs.length === 0) return [];
  switch (strategy) {
    case "big_bang":
      return [[...macs]];
    case "serial":
      return macs.map((m) => [m]);
    case "canary":
      return byPercentages(macs, opts.canary_phases?.length ? opts.canary_phases : DEFAULT_CANARY_PHASES);
    case "rrm": {
      const first = Math.max(1, opts.rrm_first_batch_percentage ?? DEFAULT_RRM_FIRST_BATCH);
      const step = Math.max(1, opts.rrm_max_batch_percentage ?? DEFAULT_RRM_MAX_BATCH);
      const percentages: number[] = [];
      for (let p = first; p < 100; p += step) percentages.push(p);
      return byPercentages(macs, [...percentages, 100]);
    }
  }
}
