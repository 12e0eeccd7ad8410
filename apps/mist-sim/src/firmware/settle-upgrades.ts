import type { OrgState } from "../state/org-state";
import { upgradeProgress } from "./upgrade-progress";

/**
 * Write finished upgrades into the devices: a device that reached `upgraded` reports the target
 * version (and the finish time as `modified_time`). Called before every request, which is what makes
 * the clock-driven progress visible in device lists without timers.
 */
export function settleUpgrades(
  org: OrgState,
  now: number,
  onUpgraded: (siteId: string, at: number) => void = () => {},
): void {
  for (const upgrade of org.upgrades.values()) {
    if (upgrade.settled) continue;
    const progress = upgradeProgress(upgrade, now);
    for (const [mac, at] of Object.entries(progress.finishedAt)) {
      if (upgrade.applied.includes(mac)) continue;
      const device = org.devices.get(mac);
      const version = upgrade.targets[mac];
      if (device && version !== undefined && device.site_id === upgrade.site_id) {
        device.version = version;
        device.modified_time = at / 1000;
        onUpgraded(upgrade.site_id, at);
      }
      upgrade.applied.push(mac);
    }
    if (progress.final) upgrade.settled = true;
  }
}
