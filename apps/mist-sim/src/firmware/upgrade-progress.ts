import type { DeviceUpgradeState, SiteUpgrade, UpgradeStatus } from "./upgrade-types";

export interface UpgradeProgress {
  status: UpgradeStatus;
  /** 1-based phase in progress (or the last one run); 0 before the first starts. */
  current_phase: number;
  states: Record<string, DeviceUpgradeState>;
  /** ms at which each upgraded device finished (its new version applies from then). */
  finishedAt: Record<string, number>;
  /** No device will change state any more. */
  final: boolean;
}

/**
 * Where an upgrade stands at `now`, computed from its creation data alone. Each stage lasts
 * `phase_ms`: the upgrade is `created` for one stage after its start time, then each phase runs
 * `queued` → `downloading` → `upgrading` (one stage each; devices go download_requested →
 * downloading → downloaded/reboot_in_progress → upgraded or failed). After every phase the failures
 * so far are compared with `max_failure_percentage`; above it the upgrade is `failed` and later
 * phases are skipped. Cancelling skips every device that had not begun rebooting.
 */
export function upgradeProgress(u: SiteUpgrade, now: number): UpgradeProgress {
  const stage = u.phase_ms;
  const states: Record<string, DeviceUpgradeState> = {};
  const finishedAt: Record<string, number> = {};
  for (const mac of u.skipped) states[mac] = "skipped";
  const cancelled = u.cancelled_at !== undefined && u.cancelled_at <= now ? u.cancelled_at : undefined;
  const total = Object.keys(u.targets).length;
  const failing = new Set(u.failing);

  let phaseStart = u.start_at + stage;
  let failedSoFar = 0;
  let abortedAt: number | undefined;
  let abortedPhase = 0;
  let runningPhase = 0;
  let runningStage = 0;
  for (const [index, phase] of u.plan.entries()) {
    const end = phaseStart + 3 * stage;
    for (const mac of phase) {
      const committed = cancelled === undefined || cancelled >= phaseStart + 2.5 * stage;
      if (!committed || (abortedAt !== undefined && abortedAt <= now)) {
        states[mac] = "skipped";
        continue;
      }
      states[mac] = deviceState(now, phaseStart, stage, failing.has(mac));
      if (states[mac] === "upgraded") finishedAt[mac] = end;
      if (failing.has(mac)) failedSoFar++;
    }
    if (abortedAt !== undefined) continue;
    if (now >= phaseStart && now < end) {
      runningPhase = index + 1;
      runningStage = Math.floor((now - phaseStart) / stage);
    }
    if (total > 0 && (failedSoFar * 100) / total > u.max_failure_percentage) {
      abortedAt = end;
      abortedPhase = index + 1;
    }
    phaseStart = end;
  }
  const lastEnd = phaseStart;
  const final =
    u.plan.length === 0 ||
    now >= lastEnd ||
    (abortedAt !== undefined && abortedAt <= now) ||
    (cancelled !== undefined && Object.values(states).every(isFinal));

  let status: UpgradeStatus;
  let current = runningPhase;
  if (cancelled !== undefined) status = "cancelled";
  else if (u.plan.length === 0) status = "completed";
  else if (now < u.start_at + stage) status = "created";
  else if (abortedAt !== undefined && abortedAt <= now) {
    status = "failed";
    current = abortedPhase;
  } else if (runningPhase > 0)
    status = (["queued", "downloading", "upgrading"] as const)[runningStage] ?? "upgrading";
  else {
    status = "completed";
    current = u.plan.length;
  }
  return { status, current_phase: current, states, finishedAt, final };
}

function deviceState(now: number, start: number, stage: number, fails: boolean): DeviceUpgradeState {
  if (now < start) return "scheduled";
  if (now < start + stage) return "download_requested";
  if (now < start + 2 * stage) return "downloading";
  if (now < start + 2.5 * stage) return "downloaded";
  if (now < start + 3 * stage) return "reboot_in_progress";
  return fails ? "failed" : "upgraded";
}

function isFinal(state: DeviceUpgradeState): boolean {
  return state === "upgraded" || state === "failed" || state === "skipped";
}
