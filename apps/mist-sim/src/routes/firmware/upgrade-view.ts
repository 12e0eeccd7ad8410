import type { UpgradeProgress } from "../../firmware/upgrade-progress";
import type { DeviceUpgradeState, SiteUpgrade } from "../../firmware/upgrade-types";

/** The `targets` lists of the spec, in its order; a finished device is both upgraded and rebooted. */
const LISTS = [
  "scheduled",
  "download_requested",
  "downloading",
  "downloaded",
  "upgraded",
  "reboot_in_progress",
  "rebooted",
  "failed",
  "skipped",
] as const;

function targetLists(progress: UpgradeProgress): Record<(typeof LISTS)[number], string[]> {
  const lists = Object.fromEntries(LISTS.map((l) => [l, [] as string[]])) as Record<
    (typeof LISTS)[number],
    string[]
  >;
  for (const [mac, state] of Object.entries(progress.states) as Array<[string, DeviceUpgradeState]>) {
    lists[state].push(mac);
    if (state === "upgraded") lists.rebooted.push(mac);
  }
  return lists;
}

/** Fields shared by the single view and the list items (spec `response_site_device_upgrade`). */
function common(u: SiteUpgrade, progress: UpgradeProgress): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: u.id,
    status: progress.status,
    strategy: u.strategy,
    target_version: u.target_version,
    start_time: Math.floor(u.start_at / 1000),
    force: u.force,
    reboot: u.reboot,
    enable_p2p: u.enable_p2p,
    max_failure_percentage: u.max_failure_percentage,
    current_phase: progress.current_phase,
    upgrade_plan: Object.fromEntries(u.plan.map((macs, i) => [String(i + 1), [...macs]])),
  };
  if (u.reboot_at !== undefined) body.reboot_at = u.reboot_at;
  if (u.max_failures !== undefined) body.max_failures = [...u.max_failures];
  return body;
}

function totalOf(u: SiteUpgrade): number {
  return Object.keys(u.targets).length + u.skipped.length;
}

export function upgradeView(u: SiteUpgrade, progress: UpgradeProgress): Record<string, unknown> {
  return { ...common(u, progress), targets: { total: totalOf(u), ...targetLists(progress) } };
}

/** List items carry `counts` instead of the MAC lists (spec `response_site_device_upgrades_item`). */
export function upgradeListItem(u: SiteUpgrade, progress: UpgradeProgress): Record<string, unknown> {
  const counts: Record<string, number> = { total: totalOf(u) };
  for (const [name, macs] of Object.entries(targetLists(progress))) counts[name] = macs.length;
  return { ...common(u, progress), counts };
}
