import type { UpgradeProgress } from "../../firmware/upgrade-progress";
import { upgradeProgress } from "../../firmware/upgrade-progress";
import type { DeviceUpgradeState } from "../../firmware/upgrade-types";
import type { OrgState } from "../../state/org-state";
import type { SiteDevice } from "../../state/types";

/** Spec `fwupdate_stat` per upgrade state: progress is a plausible percentage, not a measurement. */
const FWUPDATE: Partial<Record<DeviceUpgradeState, { status: string; progress: number | null }>> = {
  scheduled: { status: "scheduled", progress: 0 },
  download_requested: { status: "inprogress", progress: 5 },
  downloading: { status: "inprogress", progress: 40 },
  downloaded: { status: "inprogress", progress: 80 },
  reboot_in_progress: { status: "inprogress", progress: 95 },
  upgraded: { status: "success", progress: 100 },
  failed: { status: "failed", progress: null },
};

/** The device's state in the newest upgrade that targeted it, if any. */
function latestUpgrade(
  org: OrgState,
  mac: string,
  now: number,
): { state: DeviceUpgradeState; progress: UpgradeProgress } | undefined {
  const upgrades = [...org.upgrades.values()].filter((u) => mac in u.targets);
  const latest = upgrades.at(-1);
  if (!latest) return undefined;
  const progress = upgradeProgress(latest, now);
  const state = progress.states[mac];
  return state === undefined ? undefined : { state, progress };
}

/**
 * Spec `stats_ap` / `stats_switch` / `stats_gateway`, reduced to what the simulator knows: identity,
 * running `version`, `status` (assigned devices are online; `restarting` while rebooting into new
 * firmware), uptime since assignment or the last upgrade, and `fwupdate` for the latest upgrade.
 */
export function deviceStat(org: OrgState, device: SiteDevice, now: number): Record<string, unknown> {
  const upgrade = latestUpgrade(org, device.mac, now);
  const finished = upgrade?.progress.finishedAt[device.mac];
  const upSince = Math.max(device.created_time * 1000, finished ?? 0);
  const stat: Record<string, unknown> = {
    id: device.id,
    mac: device.mac,
    name: device.name,
    model: device.model,
    type: device.type,
    serial: device.serial,
    site_id: device.site_id,
    org_id: device.org_id,
    version: device.version,
    status: upgrade?.state === "reboot_in_progress" ? "restarting" : "connected",
    uptime: Math.max(0, Math.floor((now - upSince) / 1000)),
    last_seen: now / 1000,
    created_time: device.created_time,
    modified_time: device.modified_time,
  };
  const fw = upgrade ? FWUPDATE[upgrade.state] : undefined;
  if (fw) stat.fwupdate = { ...fw, timestamp: now / 1000, will_retry: false };
  return stat;
}
