import type { UpgradeWaveJobData } from "@mistflow/contracts";
import { autoUpgradeForSites, type MistClient, siteNames } from "@mistflow/mist-client";
import { JOB_CATALOG } from "@mistflow/queues";
import {
  evaluateSle,
  isUpgradeNotFoundError,
  type SiteSles,
  sleValuesOf,
  type UpgradeCore,
  UpgradeStore,
  type WaveRecord,
} from "@mistflow/upgrades";
import { type JobAttempt, parkJob } from "@mistflow/worker-runtime";
import { type Job, UnrecoverableError } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Deps, Day2Handler } from "../handlers";
import { advanceSites, type WaveContext } from "./site-upgrades";

interface WaveOutcome {
  upgrade_id: string;
  wave: number;
  outcome: "succeeded" | "halted" | "stopped" | "superseded";
  note?: string;
}

const stores = new WeakMap<Day2Deps, UpgradeStore>();
const storeOf = (deps: Day2Deps): UpgradeStore => {
  let store = stores.get(deps);
  if (!store) {
    store = new UpgradeStore(deps.redis, deps.prefix);
    stores.set(deps, store);
  }
  return store;
};

const nowIso = () => new Date().toISOString();

/** Every site's SLE means over [startMs, endMs], from one org roll-up (1000 sites per call). */
export async function readSles(
  mist: MistClient,
  core: Pick<UpgradeCore, "org_id">,
  sites: readonly string[],
  startMs: number,
  endMs: number,
) {
  const wanted = new Set(sites);
  const rows = await mist.insights.orgSitesSle(core.org_id, {
    sle: "wifi",
    start: Math.floor(startMs / 1000),
    end: Math.ceil(endMs / 1000),
  });
  const out: SiteSles = {};
  for (const row of rows) if (wanted.has(row.site_id)) out[row.site_id] = sleValuesOf(row);
  return out;
}

/** Why this wave must not start: AP auto-upgrade on for its sites, unless the request overrides it. */
async function autoUpgradeRace(
  mist: MistClient,
  core: UpgradeCore,
  siteIds: readonly string[],
): Promise<string | undefined> {
  if (core.request.device_type !== "ap" || core.request.override_auto_upgrade) return undefined;
  const on = await autoUpgradeForSites(mist, core.org_id, siteIds);
  if (on.sites.length === 0) return undefined;
  return `AP auto-upgrade was turned on ${on.org_wide ? "org-wide" : "at"} ${siteNames(on.sites)}: resume once it is off`;
}

/**
 * One wave of a firmware rollout, re-entrant: each run moves it as far as it can (baseline →
 * upgrades started → followed to the end → soak → SLE verdict) and parks itself in the delayed
 * set while Mist or the soak needs time, so no worker slot sleeps. Progress lives in the upgrade
 * record, which is what makes a re-delivered job (kill -9, stalled lock) carry on where the last
 * one stopped instead of starting over.
 */
export const runUpgradeWave: Day2Handler = day2Job(JOB_CATALOG.upgradeWave, (deps) => {
  const store = storeOf(deps);
  const logFor = ({ upgrade_id, wave, generation }: UpgradeWaveJobData, { job }: JobAttempt) =>
    deps.log.child({ upgrade: upgrade_id, wave, generation, attempt: job.attemptsMade + 1 });
  /** The wave record as this attempt last had it: what a final failure is written over. */
  const progress: { wave?: WaveRecord } = {};
  return {
    run: (data: UpgradeWaveJobData, { job, token }) => advanceWave(data, job, token, deps, progress),
    onPark: (data, waitMs, attempt) =>
      logFor(data, attempt).info({ waitMs }, "Mist rate budget exhausted; parking the wave"),
    onRetry: async (data, error, attempt) =>
      logFor(data, attempt).warn({ err: error.message, status: error.status, final: false }, "wave failed"),
    onFinal: async (data, error, attempt) => {
      logFor(data, attempt).warn({ err: error.message, status: error.status, final: true }, "wave failed");
      const { upgrade_id: id, wave, generation } = data;
      try {
        const w = progress.wave ?? (await store.wave(id, wave));
        await store.transition(id, ["running", "queued"], "failed", {
          generation,
          fields: {
            halt: { wave, reason: error.message, at: nowIso(), kind: "error" },
            [`w:${wave}`]: { ...w, state: "failed", note: error.message, finished_at: nowIso() },
          },
        });
      } catch (e) {
        // No record to end (the job outlived it): the job's own failure says what happened.
        if (!isUpgradeNotFoundError(e)) throw e;
      }
    },
  };
});

async function advanceWave(
  data: UpgradeWaveJobData,
  job: Job,
  token: string | undefined,
  deps: Day2Deps,
  progress: { wave?: WaveRecord },
): Promise<WaveOutcome> {
  const { upgrade_id: id, wave, generation } = data;
  const store = storeOf(deps);
  const log = deps.log.child({ upgrade: id, wave, generation, attempt: job.attemptsMade + 1 });

  let core: UpgradeCore;
  try {
    core = await store.core(id);
  } catch (e) {
    if (isUpgradeNotFoundError(e)) throw new UnrecoverableError(`upgrade ${id} has no record`);
    throw e;
  }
  const stop = (outcome: WaveOutcome["outcome"], note: string): WaveOutcome => {
    log.info({ note }, `wave ${outcome}`);
    return { upgrade_id: id, wave, outcome, note };
  };
  if (core.generation !== generation) return stop("superseded", `generation ${core.generation} runs now`);
  if (core.status === "queued") {
    const r = await store.transition(id, ["queued"], "running", { generation });
    if (!r.ok && r.status !== "running") return stop("stopped", `rollout is ${r.status}`);
  } else if (core.status !== "running") {
    if (core.status === "aborted") await markAborted(store, id, wave);
    return stop("stopped", `rollout is ${core.status}`);
  }
  const planned = core.plan[wave - 1];
  if (!planned) throw new UnrecoverableError(`upgrade ${id} has no wave ${wave}`);

  let w = await store.wave(id, wave);
  if (w.state === "succeeded" || w.state === "overridden" || w.state === "halted") {
    return stop("stopped", `wave already ${w.state}`);
  }

  try {
    const mist = await deps.mist.clientFor(core.org_id);
    const ctx: WaveContext = { store, mist, core, generation, planned };
    const guard = core.request.sle_guard;

    if (w.state !== "upgrading" && w.state !== "soaking") {
      // Auto-upgrade may have been turned on since the request was accepted: Mist upgrading APs
      // by itself would race this wave and blur its SLE verdict (docs/preflight.md).
      const racing = await autoUpgradeRace(mist, core, planned.sites);
      if (racing) {
        await store.halt(
          id,
          generation,
          { wave, reason: racing, at: nowIso(), kind: "auto_upgrade" },
          { ...w, state: "halted", finished_at: nowIso(), note: racing },
        );
        return stop("halted", racing);
      }
      const now = Date.now();
      // Taken once per wave, before its first upgrade; a resumed wave keeps its original baseline.
      const baseline =
        w.baseline ?? (await readSles(mist, core, planned.sites, now - guard.baseline_seconds * 1000, now));
      w = { ...w, state: "upgrading", generation, started_at: w.started_at ?? nowIso(), baseline };
      if (
        (await store.waveWrite(id, generation, { [`w:${wave}`]: w, current_wave: String(wave) })) !== "ok"
      ) {
        return stop("stopped", "rollout moved on");
      }
      log.info({ sites: planned.sites.length }, "wave started");
    }

    if (w.state === "upgrading") {
      const progress = await advanceSites(ctx);
      if (progress === "stopped") return stop("stopped", "rollout moved on");
      if (progress === "in_progress") return parkJob(job, token, core.request.poll_seconds * 1000);
      const devices = await store.devices(id);
      const failedTotal = [...devices.values()].filter((d) => d.state === "failed").length;
      const failedWave = [...devices.values()].filter((d) => d.state === "failed" && d.wave === wave).length;
      const now = Date.now();
      w = { ...w, failed: failedWave, failed_total: failedTotal, upgrades_done_ms: now };
      if (failedTotal > core.request.max_failures) {
        const reason = `${failedTotal} device(s) failed to upgrade, more than max_failures ${core.request.max_failures}`;
        await store.halt(
          id,
          generation,
          { wave, reason, at: nowIso(), kind: "failures" },
          {
            ...w,
            state: "halted",
            finished_at: nowIso(),
            note: reason,
          },
        );
        return stop("halted", reason);
      }
      w = { ...w, state: "soaking", soak_until_ms: now + core.request.soak_seconds * 1000 };
      if ((await store.waveWrite(id, generation, { [`w:${wave}`]: w })) !== "ok")
        return stop("stopped", "rollout moved on");
      log.info({ failed: failedWave, soak_s: core.request.soak_seconds }, "wave upgraded; soaking");
    }

    if (w.state === "soaking") {
      const left = (w.soak_until_ms ?? 0) - Date.now();
      if (left > 0) return parkJob(job, token, left);
      const after = await readSles(mist, core, planned.sites, w.upgrades_done_ms ?? Date.now(), Date.now());
      const verdict = evaluateSle(planned.sites, w.baseline ?? {}, after, guard);
      const judged: WaveRecord = { ...w, after, sle: verdict.deltas, finished_at: nowIso() };
      if (verdict.breached) {
        const reason = `SLE guard: ${verdict.reasons.join("; ")}`;
        await store.halt(
          id,
          generation,
          { wave, reason, at: nowIso(), kind: "sle" },
          {
            ...judged,
            state: "halted",
            note: reason,
          },
        );
        return stop("halted", reason);
      }
      const done: WaveRecord = { ...judged, state: "succeeded" };
      if (wave === core.plan.length) {
        await store.transition(id, ["running"], "succeeded", { generation, fields: { [`w:${wave}`]: done } });
      } else if ((await store.waveWrite(id, generation, { [`w:${wave}`]: done })) !== "ok") {
        return stop("stopped", "rollout moved on");
      }
      return stop("succeeded", `${planned.sites.length} site(s) upgraded and within the SLE guard`);
    }
    return stop("stopped", `wave is ${w.state}`);
  } catch (e) {
    progress.wave = w;
    throw e;
  }
}

/** The wave in flight when the rollout was aborted says so; waves not begun stay pending for a resume. */
async function markAborted(store: UpgradeStore, id: string, wave: number) {
  const w = await store.wave(id, wave);
  if (w.state === "upgrading" || w.state === "soaking") {
    await store.transition(id, ["aborted"], "aborted", {
      fields: { [`w:${wave}`]: { ...w, state: "aborted", finished_at: nowIso() } },
    });
  }
}
