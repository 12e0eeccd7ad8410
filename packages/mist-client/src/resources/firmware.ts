import { z } from "zod";
import { mistPath } from "../core/mist-path";
import { listAll } from "../pagination/paginate";
import type { CallOptions, ResourceContext } from "./context";

export type FirmwareDeviceType = "ap" | "switch" | "gateway";

/** Spec `device_version_item`: a build Mist offers for a model; `tag` is stable, beta or "". */
export const DeviceVersion = z.looseObject({
  model: z.string(),
  version: z.string(),
  tag: z.string().nullish(),
});
export type DeviceVersion = z.infer<typeof DeviceVersion>;

/** A device assigned to a site; `version` is the running firmware. */
export const SiteDevice = z.looseObject({
  id: z.string(),
  mac: z.string(),
  model: z.string().nullish(),
  type: z.string().nullish(),
  version: z.string().nullish(),
  name: z.string().nullish(),
});
export type SiteDevice = z.infer<typeof SiteDevice>;

/** Spec `upgrade_site_devices` (no field is required); unknown tuning fields pass through. */
export interface SiteUpgradeInput {
  version?: string;
  device_ids?: string[];
  models?: string[];
  strategy?: "big_bang" | "canary" | "serial" | "rrm";
  canary_phases?: number[];
  max_failure_percentage?: number;
  force?: boolean;
  reboot?: boolean;
  start_time?: number;
  [field: string]: unknown;
}

const UpgradeId = z.looseObject({ upgrade_id: z.string() });

const MacList = z.array(z.string()).nullish();

/** Spec `response_site_device_upgrade`: the MAC lists of `targets` per device state. */
export const SiteDeviceUpgrade = z.looseObject({
  id: z.string(),
  status: z.string().nullish(),
  target_version: z.string().nullish(),
  start_time: z.number().nullish(),
  current_phase: z.number().nullish(),
  targets: z
    .looseObject({
      total: z.number().nullish(),
      scheduled: MacList,
      download_requested: MacList,
      downloading: MacList,
      downloaded: MacList,
      upgraded: MacList,
      reboot_in_progress: MacList,
      rebooted: MacList,
      failed: MacList,
      skipped: MacList,
    })
    .nullish(),
  upgrade_plan: z.record(z.string(), z.array(z.string())).nullish(),
});
export type SiteDeviceUpgrade = z.infer<typeof SiteDeviceUpgrade>;

/** List items carry `counts` instead of MAC lists. */
export const SiteDeviceUpgradeItem = z.looseObject({
  id: z.string(),
  status: z.string().nullish(),
  target_version: z.string().nullish(),
  start_time: z.number().nullish(),
  upgrade_plan: z.record(z.string(), z.array(z.string())).nullish(),
});
export type SiteDeviceUpgradeItem = z.infer<typeof SiteDeviceUpgradeItem>;

/** Upgrade states after which nothing changes any more (spec `upgrade_device_status`). */
export const FINAL_UPGRADE_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);

/** Site firmware: available versions, the site's devices, and multi-device upgrades (docs/design/mist-api.md §2.16). */
export class FirmwareApi {
  constructor(private readonly ctx: ResourceContext) {}

  /** `GET /sites/{id}/devices/versions`: what Mist offers this site per model of `type`. */
  siteVersions(
    siteId: string,
    query: { type: FirmwareDeviceType; model?: string },
    options: CallOptions = {},
  ): Promise<DeviceVersion[]> {
    return this.ctx.http.request("GET", mistPath`/sites/${siteId}/devices/versions`, {
      query,
      schema: z.array(DeviceVersion),
      signal: options.signal,
    });
  }

  /** Every device of `type` assigned to the site (all pages). */
  siteDevices(siteId: string, type: FirmwareDeviceType, options: CallOptions = {}): Promise<SiteDevice[]> {
    return listAll(
      this.ctx.http,
      mistPath`/sites/${siteId}/devices`,
      SiteDevice,
      { type },
      {
        limit: this.ctx.pageLimit,
        signal: options.signal,
      },
    );
  }

  /**
   * `POST /sites/{id}/devices/upgrade`. Never retried (POST): a lost answer may still have started
   * the upgrade, so look for it with {@link listSiteUpgrades} before calling again.
   */
  async upgradeSiteDevices(
    siteId: string,
    body: SiteUpgradeInput,
    options: CallOptions = {},
  ): Promise<string> {
    const res = await this.ctx.http.request("POST", mistPath`/sites/${siteId}/devices/upgrade`, {
      body,
      schema: UpgradeId,
      signal: options.signal,
    });
    return res.upgrade_id;
  }

  /** The site's upgrades, newest state first as Mist lists them (no MAC lists, see {@link getSiteUpgrade}). */
  listSiteUpgrades(siteId: string, options: CallOptions = {}): Promise<SiteDeviceUpgradeItem[]> {
    return this.ctx.http.request("GET", mistPath`/sites/${siteId}/devices/upgrade`, {
      schema: z.array(SiteDeviceUpgradeItem),
      signal: options.signal,
    });
  }

  getSiteUpgrade(siteId: string, upgradeId: string, options: CallOptions = {}): Promise<SiteDeviceUpgrade> {
    return this.ctx.http.request("GET", mistPath`/sites/${siteId}/devices/upgrade/${upgradeId}`, {
      schema: SiteDeviceUpgrade,
      signal: options.signal,
    });
  }
}
