import { buildUpgradeFlow, upgradeWaveJobId } from "@mistflow/queues";
import type { UpgradeView, WaveRecord } from "@mistflow/upgrades";
import { ApiError } from "../errors";
import type { UpgradeDeps } from "./submit-upgrade";

/** Job states in which the wave of the previous generation could still act. */
const LIVE = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);

async function currentJob(deps: UpgradeDeps, view: UpgradeView) {
  return deps.day2.getJob(upgradeWaveJobId(view.id, view.current_wave, view.generation));
}

/**
 * Stops the rollout: no wave starts another Mist upgrade after this. Upgrades Mist is already
 * running finish (Mist's own cancel is best effort and would leave a site half done); a resume
 * follows them to the end. A wave parked for a poll or a soak is woken so it stops now.
 */
export async function abortUpgrade(deps: UpgradeDeps, id: string): Promise<UpgradeView> {
  const view = await deps.store.get(id);
  if (view.status === "aborted") return view;
  const r = await deps.store.transition(id, ["queued", "running", "halted"], "aborted", {
    fields: {
      halt: {
        wave: view.current_wave,
        reason: "aborted on request",
        at: new Date().toISOString(),
        kind: "abort",
      },
    },
  });
  if (!r.ok && r.status !== "aborted") {
    throw new ApiError(
      409,
      "conflict",
      `upgrade ${id} is ${r.status}; only a queued, running or halted rollout can be aborted`,
    );
  }
  const job = await currentJob(deps, view);
  if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
  return deps.store.get(id);
}

/**
 * Continues a halted, aborted or failed rollout as a new generation of wave jobs. A halted wave
 * counts as accepted (`overridden`) and the next wave runs, unless it halted before it started
 * (AP auto-upgrade was on); that one, like an aborted or failed wave, runs again,
 * following the Mist upgrades it had started and starting only the sites it had not. A record
 * whose flow never reached BullMQ (the API died in between) is enqueued again.
 */
export async function resumeUpgrade(deps: UpgradeDeps, id: string): Promise<UpgradeView> {
  const view = await deps.store.get(id);
  const last = view.waves.length;
  if (
    (view.status === "running" || view.status === "queued") &&
    !(await deps.store.isEnqueued(id, view.generation))
  ) {
    await deps.flows.add(buildUpgradeFlow(id, view.generation, view.current_wave, last));
    await deps.store.markEnqueued(id, view.generation);
    return deps.store.get(id);
  }
  if (!["halted", "aborted", "failed"].includes(view.status)) {
    throw new ApiError(
      409,
      "conflict",
      `upgrade ${id} is ${view.status}; only a halted, aborted or failed rollout can be resumed`,
    );
  }
  const job = await currentJob(deps, view);
  if (job && LIVE.has(await job.getState())) {
    throw new ApiError(
      409,
      "conflict",
      `wave ${view.current_wave} of upgrade ${id} is still stopping; retry in a few seconds`,
    );
  }
  let start = view.waves.findIndex((w) => w.state !== "succeeded" && w.state !== "overridden") + 1;
  const fields: Record<string, unknown> = { halt: "" };
  const halted = view.waves[start - 1];
  if (halted?.state === "halted") {
    const { wave: _w, label: _l, sites: _s, device_limit: _d, ...record } = halted;
    if (view.halt?.kind === "auto_upgrade") {
      // Halted before its first upgrade, so there is no verdict to accept: the wave runs (and
      // checks auto-upgrade) again, instead of being skipped as an overridden one is.
      const { note: _n, finished_at: _f, ...rest } = record as WaveRecord;
      fields[`w:${halted.wave}`] = { ...rest, state: "pending" };
    } else {
      fields[`w:${halted.wave}`] = { ...(record as WaveRecord), state: "overridden" };
      start += 1;
    }
  }
  if (start === 0 || start > last) {
    const r = await deps.store.transition(id, ["halted", "aborted", "failed"], "succeeded", { fields });
    if (!r.ok) throw new ApiError(409, "conflict", `upgrade ${id} is ${r.status}`);
    return deps.store.get(id);
  }
  fields.current_wave = String(start);
  const r = await deps.store.transition(id, ["halted", "aborted", "failed"], "running", {
    bumpGeneration: true,
    fields,
  });
  if (!r.ok) throw new ApiError(409, "conflict", `upgrade ${id} is ${r.status}`);
  await deps.flows.add(buildUpgradeFlow(id, r.generation, start, last));
  await deps.store.markEnqueued(id, r.generation);
  return deps.store.get(id);
}
