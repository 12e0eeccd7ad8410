export const UPGRADE_STRATEGIES = ["big_bang", "canary", "serial", "rrm"] as const;
export type UpgradeStrategy = (typeof UPGRADE_STRATEGIES)[number];

/** Spec `upgrade_device_status` values the simulator produces. */
export type UpgradeStatus =
  | "created"
  | "queued"
  | "downloading"
  | "upgrading"
  | "completed"
  | "failed"
  | "cancelled";

/** Per-device states, named after the spec's `targets` lists. A finished device is `upgraded`. */
export type DeviceUpgradeState =
  | "scheduled"
  | "download_requested"
  | "downloading"
  | "downloaded"
  | "reboot_in_progress"
  | "upgraded"
  | "failed"
  | "skipped";

/**
 * One site multi-device upgrade as created. Its progress is not stored: it is computed from the clock
 * whenever it is read (upgrade-progress.ts), so no timers run and a fake clock drives it.
 */
export interface SiteUpgrade {
  id: string;
  site_id: string;
  org_id: string;
  /** ms, sim clock. */
  created_at: number;
  /** ms; `start_time` from the request, never before creation. */
  start_at: number;
  /** Length of one stage, captured at creation so changing the setting does not rewrite history. */
  phase_ms: number;
  strategy: UpgradeStrategy;
  /** What the response shows: the resolved version, or the request's word ("stable") when models differ. */
  target_version: string;
  /** MAC → version, for devices that will be upgraded. */
  targets: Record<string, string>;
  /** MACs per phase, in order (`upgrade_plan`). */
  plan: string[][];
  /** MACs left out at creation (already on the version, or busy in another upgrade). */
  skipped: string[];
  /** MACs that will end in `failed` (decided at creation from the failure settings). */
  failing: string[];
  force: boolean;
  reboot: boolean;
  reboot_at: number | undefined;
  enable_p2p: boolean;
  max_failure_percentage: number;
  max_failures: number[] | undefined;
  canary_phases: number[];
  /** ms, set by cancel. */
  cancelled_at: number | undefined;
  /** MACs whose new version has been written to the device. */
  applied: string[];
  /** Nothing will change any more; settling skips it. */
  settled: boolean;
}
