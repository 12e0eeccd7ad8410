import { randomUUID } from "node:crypto";
import { z } from "zod";
import { badRequest, invalidField } from "../../errors";
import { willFail } from "../../firmware/failure-plan";
import { resolveVersion } from "../../firmware/firmware-catalog";
import { DEFAULT_CANARY_PHASES, planPhases } from "../../firmware/upgrade-plan";
import { upgradeProgress } from "../../firmware/upgrade-progress";
import { type SiteUpgrade, UPGRADE_STRATEGIES } from "../../firmware/upgrade-types";
import { byCreation } from "../../state/collection";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import type { StoredObject } from "../../state/types";

/** Spec `upgrade_site_devices` (no required fields). Unknown fields (p2p tuning …) are accepted. */
export const UpgradeSiteDevices = z.looseObject({
  version: z.string().min(1).optional(),
  device_ids: z.array(z.guid()).optional(),
  models: z.array(z.string().min(1)).optional(),
  rules: z
    .array(z.unknown())
    .max(0, "rules are not emulated; select devices with device_ids or models")
    .optional(),
  strategy: z.enum(UPGRADE_STRATEGIES).optional(),
  canary_phases: z.array(z.number().int().min(1).max(100)).optional(),
  max_failure_percentage: z.number().int().min(0).max(100).optional(),
  max_failures: z.array(z.number().int().min(0)).optional(),
  force: z.boolean().optional(),
  reboot: z.boolean().optional(),
  reboot_at: z.number().int().min(0).optional(),
  start_time: z.number().int().min(0).optional(),
  enable_p2p: z.boolean().optional(),
  rrm_first_batch_percentage: z.number().int().min(1).max(100).optional(),
  rrm_max_batch_percentage: z.number().int().min(1).max(100).optional(),
});
export type UpgradeSiteDevices = z.infer<typeof UpgradeSiteDevices>;

const DEFAULT_MAX_FAILURE_PERCENTAGE = 5;

/** MACs of this site that an unfinished upgrade will still touch. */
function busyMacs(org: OrgState, siteId: string, now: number): Set<string> {
  const busy = new Set<string>();
  for (const u of org.upgrades.values()) {
    if (u.site_id !== siteId || u.settled) continue;
    for (const [mac, st] of Object.entries(upgradeProgress(u, now).states)) {
      if (st !== "upgraded" && st !== "failed" && st !== "skipped") busy.add(mac);
    }
  }
  return busy;
}

/**
 * Validate and record a site upgrade. Devices: `device_ids` (all must be in the site), narrowed by
 * `models`; neither means every device of the site. A requested version unknown for a selected
 * device's model is a 400 naming both. Devices already on their target (unless `force`) or busy in
 * another unfinished upgrade are skipped.
 */
export function createUpgrade(
  state: SimState,
  org: OrgState,
  site: StoredObject,
  req: UpgradeSiteDevices,
): SiteUpgrade {
  const now = state.clock();
  const inSite = [...org.devices.values()].filter((d) => d.site_id === site.id).sort(byCreation);
  let selected = inSite;
  if (req.device_ids) {
    selected = req.device_ids.map((id, i) => {
      const device = inSite.find((d) => d.id === id);
      if (!device) throw invalidField("device_ids", `item ${i}: device not found in site`);
      return device;
    });
    selected = [...new Set(selected)];
  }
  if (req.models) selected = selected.filter((d) => req.models?.includes(d.model));
  if (selected.length === 0) throw badRequest("no device of the site matches device_ids / models");

  const resolved = selected.map((d) => {
    const version = resolveVersion(req.version, d.model, d.type);
    if (version === undefined) {
      throw badRequest(`version ${req.version ?? "stable"} is not available for model ${d.model}`);
    }
    return { device: d, version };
  });
  const busy = busyMacs(org, site.id, now);
  const targets: Record<string, string> = {};
  const skipped: string[] = [];
  for (const { device, version } of resolved) {
    if (busy.has(device.mac) || (device.version === version && req.force !== true)) skipped.push(device.mac);
    else targets[device.mac] = version;
  }
  const strategy = req.strategy ?? "big_bang";
  const plan = planPhases(strategy, Object.keys(targets), req);
  const { failures, random } = state.firmware;
  const failing = Object.keys(targets).filter((mac) => {
    const device = org.devices.get(mac);
    return device !== undefined && willFail(failures, device, random);
  });
  const versions = [...new Set(resolved.map((r) => r.version))];
  const upgrade: SiteUpgrade = {
    id: randomUUID(),
    site_id: site.id,
    org_id: org.id,
    created_at: now,
    start_at: Math.max(now, (req.start_time ?? 0) * 1000),
    phase_ms: state.firmware.phaseMs,
    strategy,
    target_version: versions.length === 1 ? (versions[0] as string) : (req.version ?? "stable"),
    targets,
    plan,
    skipped,
    failing,
    force: req.force ?? false,
    reboot: req.reboot ?? false,
    reboot_at: req.reboot_at,
    enable_p2p: req.enable_p2p ?? false,
    max_failure_percentage: req.max_failure_percentage ?? DEFAULT_MAX_FAILURE_PERCENTAGE,
    max_failures: req.max_failures,
    canary_phases: req.canary_phases ?? DEFAULT_CANARY_PHASES,
    cancelled_at: undefined,
    applied: [],
    settled: false,
  };
  org.upgrades.set(upgrade.id, upgrade);
  return upgrade;
}
