import type { UpgradeRequest } from "@mistflow/contracts";
import type { PlannedWave } from "../plan-waves";
import type { SiteSles, SleDelta } from "../sle";

export const UPGRADE_STATUSES = ["queued", "running", "halted", "aborted", "succeeded", "failed"] as const;
export type UpgradeStatus = (typeof UPGRADE_STATUSES)[number];

/** `overridden`: halted, then resumed past by an operator. */
export type WaveState =
  | "pending"
  | "upgrading"
  | "soaking"
  | "succeeded"
  | "halted"
  | "overridden"
  | "aborted"
  | "failed"
  | "skipped";

export interface WaveRecord {
  state: WaveState;
  generation?: number;
  started_at?: string;
  /** ms; when every Mist upgrade of the wave had finished: the soak starts here. */
  upgrades_done_ms?: number;
  soak_until_ms?: number;
  finished_at?: string;
  baseline?: SiteSles;
  after?: SiteSles;
  sle?: SleDelta[];
  /** Devices failed in this wave, and across the rollout when the wave was judged. */
  failed?: number;
  failed_total?: number;
  note?: string;
}

export interface SiteUpgradeDevice {
  mac: string;
  id: string;
  model?: string | null;
  version_before?: string | null;
}

/**
 * One Mist upgrade call of a wave at a site (at most one per wave and site, ever). `intent` is
 * written before the POST: finding it on re-delivery means the POST may or may not have reached
 * Mist, and Mist is asked before anything is sent again.
 */
export interface SiteUpgradeRecord {
  wave: number;
  site_id: string;
  state: "intent" | "started" | "done";
  devices: SiteUpgradeDevice[];
  /** Devices of the site already on the target version when the wave planned it. */
  at_target: string[];
  intent_ms: number;
  mist_upgrade_id?: string;
  mist_status?: string;
  note?: string;
}

export type DeviceState = "intent" | "upgrading" | "upgraded" | "failed" | "skipped";

export interface DeviceRecord {
  mac: string;
  id: string;
  site_id: string;
  wave: number;
  state: DeviceState;
  model?: string | null;
  version_before?: string | null;
  mist_upgrade_id?: string;
  /** Mist's word for where the device is (download_requested, reboot_in_progress …). */
  mist_state?: string;
  updated_at: string;
}

export interface HaltRecord {
  wave: number;
  reason: string;
  at: string;
  kind: "sle" | "failures" | "abort" | "error" | "auto_upgrade";
}

/** The request as accepted: models resolved, site list fixed (a site group is listed once). */
export interface StoredUpgradeRequest extends Omit<UpgradeRequest, "sites" | "sitegroup_id"> {
  sites: string[];
  sitegroup_id?: string;
}

export interface UpgradeView {
  id: string;
  org_id: string;
  status: UpgradeStatus;
  generation: number;
  created_at: string;
  updated_at: string;
  current_wave: number;
  request: StoredUpgradeRequest;
  halt: HaltRecord | null;
  waves: Array<PlannedWave & WaveRecord>;
  /** Per site: its Mist upgrades and its devices. */
  sites: Record<
    string,
    { upgrades: SiteUpgradeRecord[]; devices: Record<string, DeviceRecord>; at_target: string[] }
  >;
  summary: { devices: number; upgraded: number; failed: number; skipped: number; in_progress: number };
}
