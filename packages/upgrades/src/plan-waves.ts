import type { UpgradeWave } from "@mistflow/contracts";

/** One wave of the plan: which sites it touches and, for a device canary, how many devices. */
export interface PlannedWave {
  /** 1-based. */
  wave: number;
  label: string;
  sites: string[];
  /** Only for the device canary: devices of `sites[0]` to upgrade in this wave. */
  device_limit?: number;
}

/**
 * Turns cumulative wave targets into the sites of each wave. `percent` rounds up, so 10 % of 3
 * sites is 1 site; a wave that would add no site to the ones before is dropped, so no wave is empty.
 * A device canary takes devices of the first site, which the next wave then finishes.
 */
export function planWaves(siteIds: readonly string[], waves: readonly UpgradeWave[]): PlannedWave[] {
  const total = siteIds.length;
  const plan: PlannedWave[] = [];
  let done = 0;
  for (const w of waves) {
    const wave = plan.length + 1;
    if ("devices" in w) {
      const first = siteIds[0];
      if (first === undefined || done > 0) continue;
      const n = w.devices;
      plan.push({ wave, label: `canary: ${n} device${n === 1 ? "" : "s"}`, sites: [first], device_limit: n });
      continue;
    }
    // Percentages of a few sites are not exact in floating point (0.1 × 30 = 3.0000000000000004).
    const target =
      "sites" in w ? Math.min(w.sites, total) : Math.min(total, Math.ceil((w.percent * total) / 100 - 1e-9));
    if (target <= done) continue;
    const sites = siteIds.slice(done, target);
    const label =
      "sites" in w
        ? `${target} site${target === 1 ? "" : "s"}`
        : `${w.percent}% (${target} of ${total} site${total === 1 ? "" : "s"})`;
    plan.push({ wave, label, sites });
    done = target;
  }
  return plan;
}
