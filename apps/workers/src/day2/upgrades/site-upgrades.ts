import type { MistClient, SiteDevice, SiteDeviceUpgrade } from "@mistflow/mist-client";
import { FINAL_UPGRADE_STATUSES } from "@mistflow/mist-client";
import {
  type DeviceRecord,
  type DeviceState,
  deviceField,
  type PlannedWave,
  type SiteUpgradeRecord,
  siteUpgradeField,
  type UpgradeCore,
  type UpgradeStore,
} from "@mistflow/upgrades";

export interface WaveContext {
  store: UpgradeStore;
  mist: MistClient;
  core: UpgradeCore;
  generation: number;
  planned: PlannedWave;
}

/** `stopped`: the rollout was halted, aborted or resumed elsewhere while this wave ran. */
export type SitesProgress = "all_done" | "in_progress" | "stopped";

/** An intent older than this cannot belong to a Mist upgrade listed as started before it. */
const CLOCK_SKEW_MS = 60_000;
/** How many of the site's newest upgrades are opened to look for a lost answer's upgrade. */
const RECONCILE_LOOKBACK = 5;

const nowIso = () => new Date().toISOString();

function device(
  m: SiteUpgradeRecord,
  d: { mac: string; id: string; model?: string | null; version_before?: string | null },
  state: DeviceState,
  extra: Partial<DeviceRecord> = {},
): DeviceRecord {
  return {
    mac: d.mac,
    id: d.id,
    site_id: m.site_id,
    wave: m.wave,
    state,
    ...(d.model !== undefined ? { model: d.model } : {}),
    ...(d.version_before !== undefined ? { version_before: d.version_before } : {}),
    updated_at: nowIso(),
    ...extra,
  };
}

/** Devices of the site this rollout covers: its type, its models, sorted for a stable canary pick. */
async function candidates(ctx: WaveContext, siteId: string): Promise<SiteDevice[]> {
  const { request } = ctx.core;
  const all = await ctx.mist.firmware.siteDevices(siteId, request.device_type);
  return all
    .filter((d) => !request.models || (d.model != null && request.models.includes(d.model)))
    .sort((a, b) => a.mac.localeCompare(b.mac));
}

/**
 * Before calling Mist again for an intent found on re-delivery: did the first call get through?
 * A Mist upgrade of this site, started no earlier than the intent, whose plan names one of our
 * devices, is ours (the site upgrades of one rollout never overlap, and Mist skips busy devices).
 */
async function findStartedUpgrade(ctx: WaveContext, m: SiteUpgradeRecord): Promise<string | undefined> {
  const macs = new Set(m.devices.map((d) => d.mac));
  const items = (await ctx.mist.firmware.listSiteUpgrades(m.site_id))
    .filter((u) => u.start_time == null || u.start_time * 1000 >= m.intent_ms - CLOCK_SKEW_MS)
    .sort((a, b) => (b.start_time ?? 0) - (a.start_time ?? 0))
    .slice(0, RECONCILE_LOOKBACK);
  for (const item of items) {
    const plan =
      item.upgrade_plan ?? (await ctx.mist.firmware.getSiteUpgrade(m.site_id, item.id)).upgrade_plan;
    if (Object.values(plan ?? {}).some((phase) => phase.some((mac) => macs.has(mac)))) return item.id;
  }
  return undefined;
}

function stateIn(u: SiteDeviceUpgrade, mac: string): { state: DeviceState; mist: string } {
  const t = u.targets ?? {};
  if (t.upgraded?.includes(mac) || t.rebooted?.includes(mac)) return { state: "upgraded", mist: "upgraded" };
  if (t.failed?.includes(mac)) return { state: "failed", mist: "failed" };
  if (t.skipped?.includes(mac)) return { state: "skipped", mist: "skipped" };
  for (const list of [
    "reboot_in_progress",
    "downloaded",
    "downloading",
    "download_requested",
    "scheduled",
  ] as const) {
    if (t[list]?.includes(mac)) return { state: "upgrading", mist: list };
  }
  return { state: "upgrading", mist: u.status ?? "unknown" };
}

/** Plan the site's devices for this wave and write the intent, once. */
async function planSite(
  ctx: WaveContext,
  siteId: string,
  known: ReadonlyMap<string, DeviceRecord>,
): Promise<{ m: SiteUpgradeRecord; fresh: boolean } | "stopped"> {
  const { core, planned } = ctx;
  const version = core.request.version;
  const devices = await candidates(ctx, siteId);
  const atTarget = devices.filter((d) => d.version === version).map((d) => d.mac);
  // A device another wave already took (the canary, a failure) is never planned twice.
  let todo = devices.filter((d) => d.version !== version && !known.has(d.mac));
  if (planned.device_limit !== undefined) todo = todo.slice(0, planned.device_limit);
  const m: SiteUpgradeRecord = {
    wave: planned.wave,
    site_id: siteId,
    state: todo.length > 0 ? "intent" : "done",
    devices: todo.map((d) => ({
      mac: d.mac,
      id: d.id,
      model: d.model ?? null,
      version_before: d.version ?? null,
    })),
    at_target: atTarget,
    intent_ms: Date.now(),
    ...(todo.length === 0 ? { note: "nothing to upgrade at this site" } : {}),
  };
  const field = siteUpgradeField(planned.wave, siteId);
  const fields: Record<string, unknown> = { [field]: m };
  for (const d of m.devices) fields[deviceField(d.mac)] = device(m, d, "intent");
  const written = await ctx.store.waveWrite(core.id, ctx.generation, fields, { onlyIfAbsent: field });
  if (written === "moved_on") return "stopped";
  if (written === "exists") {
    const existing = await ctx.store.siteUpgrade(core.id, planned.wave, siteId);
    return existing ? { m: existing, fresh: false } : "stopped";
  }
  return { m, fresh: true };
}

/**
 * Turns an intent into a started Mist upgrade. `fresh` = the intent was written by this very
 * invocation, so no earlier call can have reached Mist; otherwise Mist is asked first, and devices
 * already on the target are not sent again.
 */
async function startSite(
  ctx: WaveContext,
  m: SiteUpgradeRecord,
  fresh: boolean,
): Promise<SiteUpgradeRecord | "stopped"> {
  const { core } = ctx;
  const version = core.request.version;
  let mistUpgradeId = fresh ? undefined : await findStartedUpgrade(ctx, m);
  const fields: Record<string, unknown> = {};
  let next: SiteUpgradeRecord;
  if (mistUpgradeId) {
    next = {
      ...m,
      state: "started",
      mist_upgrade_id: mistUpgradeId,
      note: "found the upgrade started before a restart",
    };
  } else {
    let send = m.devices;
    if (!fresh) {
      const running = new Map((await candidates(ctx, m.site_id)).map((d) => [d.mac, d.version]));
      send = m.devices.filter((d) => running.get(d.mac) !== version);
      for (const d of m.devices.filter((x) => running.get(x.mac) === version)) {
        fields[deviceField(d.mac)] = device(m, d, "upgraded", {
          mist_state: "already on the target version",
        });
      }
    }
    if (send.length === 0) {
      next = { ...m, state: "done", note: "every device already on the target version" };
    } else {
      mistUpgradeId = await ctx.mist.firmware.upgradeSiteDevices(m.site_id, {
        version,
        device_ids: send.map((d) => d.id),
        strategy: "big_bang",
        reboot: true,
        // Our own max_failures decides; Mist must not abort a site's upgrade on its own threshold.
        max_failure_percentage: 100,
      });
      next = { ...m, state: "started", mist_upgrade_id: mistUpgradeId };
    }
  }
  for (const d of m.devices) {
    if (!(deviceField(d.mac) in fields) && next.state === "started") {
      fields[deviceField(d.mac)] = device(m, d, "upgrading", {
        mist_upgrade_id: next.mist_upgrade_id as string,
      });
    }
  }
  fields[siteUpgradeField(m.wave, m.site_id)] = next;
  const written = await ctx.store.waveWrite(core.id, ctx.generation, fields);
  return written === "ok" ? next : "stopped";
}

/** One look at a started upgrade; records each device's state, and the end when Mist is done. */
async function followSite(ctx: WaveContext, m: SiteUpgradeRecord, known: ReadonlyMap<string, DeviceRecord>) {
  const u = await ctx.mist.firmware.getSiteUpgrade(m.site_id, m.mist_upgrade_id as string);
  const final = FINAL_UPGRADE_STATUSES.has(u.status ?? "");
  const fields: Record<string, unknown> = {};
  for (const d of m.devices) {
    const before = known.get(d.mac);
    if (before?.state === "upgraded" && before.wave === m.wave) continue;
    let { state, mist } = stateIn(u, d.mac);
    if (final && state === "upgrading") state = "skipped";
    if (before?.state === state && before.mist_state === mist) continue;
    fields[deviceField(d.mac)] = device(m, d, state, { mist_upgrade_id: u.id, mist_state: mist });
  }
  const next: SiteUpgradeRecord = {
    ...m,
    mist_status: u.status ?? "unknown",
    ...(final ? { state: "done" } : {}),
  };
  if (final || next.mist_status !== m.mist_status) fields[siteUpgradeField(m.wave, m.site_id)] = next;
  if (Object.keys(fields).length === 0) return next;
  return (await ctx.store.waveWrite(ctx.core.id, ctx.generation, fields)) === "ok" ? next : "stopped";
}

/**
 * Moves every site of the wave one step: plan + intent, start, or follow. Sites run one after the
 * other: a wave's Mist calls are few per site, and sequential calls keep the rate budget smooth.
 */
export async function advanceSites(ctx: WaveContext): Promise<SitesProgress> {
  const known = await ctx.store.devices(ctx.core.id);
  let allDone = true;
  for (const siteId of ctx.planned.sites) {
    let fresh = false;
    let m = await ctx.store.siteUpgrade(ctx.core.id, ctx.planned.wave, siteId);
    if (!m) {
      const planned = await planSite(ctx, siteId, known);
      if (planned === "stopped") return "stopped";
      m = planned.m;
      fresh = planned.fresh;
    }
    if (m.state === "intent") {
      const started = await startSite(ctx, m, fresh);
      if (started === "stopped") return "stopped";
      m = started;
    }
    if (m.state === "started") {
      const followed = await followSite(ctx, m, known);
      if (followed === "stopped") return "stopped";
      m = followed;
    }
    if (m.state !== "done") allDone = false;
  }
  return allDone ? "all_done" : "in_progress";
}
