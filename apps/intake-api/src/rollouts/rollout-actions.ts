import type { RolloutPlan, RolloutRequest, RolloutView, RolloutWaveRecord } from "@mistflow/contracts";
import { buildRolloutFlow, rolloutJobId, rolloutPhases } from "@mistflow/queues";
import { isRolloutConflictError, newRolloutId, type RolloutStore } from "@mistflow/upgrades";
import type { FlowProducer, Queue } from "bullmq";
import { ApiError } from "../errors";

export interface RolloutDeps {
  store: RolloutStore;
  flows: FlowProducer;
  /** The rollouts queue: abort wakes a parked wave through it. */
  queue: Queue;
}

/** Job states in which a phase of the previous generation could still act. */
const LIVE = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);

const nowIso = () => new Date().toISOString();

/** Records the rollout and enqueues prepare → waves → cleanup; the plan was checked by the caller. */
export async function startRollout(
  deps: RolloutDeps,
  request: RolloutRequest,
  plan: RolloutPlan,
  requestedBy?: unknown,
): Promise<RolloutView> {
  if (plan.problems.length > 0)
    throw new ApiError(
      422,
      "rollout_problems",
      `the rollout cannot run as it stands: ${plan.problems.join("; ")}`,
    );
  if (plan.waves.length === 0)
    throw new ApiError(
      422,
      "nothing_to_roll",
      `every site of org ${plan.org_id} bound to ${plan.blueprint} already runs version ${plan.target.version}`,
    );
  const { dry_run: _dryRun, ...stored } = request;
  const id = newRolloutId();
  try {
    await deps.store.create({
      id,
      request: stored,
      plan,
      ...(requestedBy ? { requested_by: requestedBy } : {}),
    });
  } catch (e) {
    if (isRolloutConflictError(e)) throw new ApiError(409, "rollout_running", e.message);
    throw e;
  }
  await deps.flows.add(buildRolloutFlow(id, 0, rolloutPhases(plan.waves.length)));
  await deps.store.markEnqueued(id, 0);
  return deps.store.get(id);
}

/** The job of the phase in flight, to wake it when parked (a soak) so it sees the new status now. */
async function currentJob(deps: RolloutDeps, view: RolloutView) {
  const wave = view.waves.find((w) => w.state === "rebinding" || w.state === "soaking");
  const phase = wave ? { phase: "wave" as const, wave: wave.wave } : { phase: "prepare" as const };
  return deps.queue.getJob(rolloutJobId(view.id, phase, view.generation));
}

async function wake(deps: RolloutDeps, view: RolloutView) {
  const job = await currentJob(deps, view);
  if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
}

/**
 * Stops the rollout: no site is moved after this. Sites already moved stay on the new version
 * (each is fully on one version); `resume` goes on, `rollback` takes them back.
 */
export async function abortRollout(deps: RolloutDeps, id: string): Promise<RolloutView> {
  const view = await deps.store.get(id);
  if (view.status === "aborted") return view;
  const wave = view.waves.find((w) => w.state !== "succeeded")?.wave ?? view.waves.length;
  const r = await deps.store.transition(id, ["queued", "running", "halted"], "aborted", {
    bumpGeneration: true,
    fields: { halt: { wave, reason: "aborted on request", at: nowIso(), kind: "abort" } },
  });
  if (!r.ok && r.status !== "aborted")
    throw new ApiError(
      409,
      "conflict",
      `rollout ${id} is ${r.status}; only a queued, running or halted one can be aborted`,
    );
  await wake(deps, view);
  return deps.store.get(id);
}

async function refuseWhileStopping(deps: RolloutDeps, view: RolloutView) {
  const job = await currentJob(deps, view);
  if (job && LIVE.has(await job.getState()) && !(await job.isDelayed()))
    throw new ApiError(409, "conflict", `rollout ${view.id} is still stopping; retry in a few seconds`);
}

/**
 * Goes on with a halted, aborted or failed rollout as a new generation of phase jobs. A wave the
 * SLE gate halted is judged again after a fresh soak (the SLEs must have recovered); a wave that
 * failed or ran out of failure budget tries its unmoved sites again. A record whose jobs never
 * reached BullMQ (the API died in between) is enqueued again.
 */
export async function resumeRollout(deps: RolloutDeps, id: string): Promise<RolloutView> {
  const view = await deps.store.get(id);
  const last = view.waves.length;
  if (
    (view.status === "running" || view.status === "queued") &&
    !(await deps.store.isEnqueued(id, view.generation))
  ) {
    const prepared = view.prepare.state === "succeeded";
    const from = view.waves.findIndex((w) => w.state !== "succeeded") + 1 || last + 1;
    await deps.flows.add(buildRolloutFlow(id, view.generation, rolloutPhases(last, from, !prepared)));
    await deps.store.markEnqueued(id, view.generation);
    return deps.store.get(id);
  }
  if (!["halted", "aborted", "failed"].includes(view.status))
    throw new ApiError(
      409,
      "conflict",
      `rollout ${id} is ${view.status}; only a halted, aborted or failed one can be resumed`,
    );
  await refuseWhileStopping(deps, view);
  const fields: Record<string, unknown> = { halt: "" };
  const index = view.waves.findIndex((w) => w.state !== "succeeded");
  const start = index === -1 ? last + 1 : index + 1;
  const current = view.waves[index];
  if (current) {
    const { wave: _w, target: _t, site_ids: _s, ...record } = current;
    const w = record as RolloutWaveRecord;
    const soak = view.request.soak_seconds * 1000;
    if (w.state === "halted" && view.halt?.kind === "sle")
      fields[`w:${current.wave}`] = {
        ...w,
        state: "soaking",
        soak_until_ms: Date.now() + soak,
        rebound_ms: Date.now(),
      };
    else if (w.state === "halted" || w.state === "aborted" || w.state === "failed")
      fields[`w:${current.wave}`] = { ...w, state: w.baseline ? "rebinding" : "pending" };
  }
  fields.current_wave = String(Math.min(start, last));
  const r = await deps.store.transition(id, ["halted", "aborted", "failed"], "running", {
    bumpGeneration: true,
    fields,
  });
  if (!r.ok) throw new ApiError(409, "conflict", `rollout ${id} is ${r.status}`);
  await deps.flows.add(
    buildRolloutFlow(id, r.generation, rolloutPhases(last, start, view.prepare.state !== "succeeded")),
  );
  await deps.store.markEnqueued(id, r.generation);
  return deps.store.get(id);
}

/**
 * Takes every site the rollout moved back to the version it came from, then deletes the new
 * copies no site uses. Allowed at any point, also after the rollout finished; a running one is
 * stopped first (its jobs see the new generation and do nothing more).
 */
export async function rollbackRollout(deps: RolloutDeps, id: string): Promise<RolloutView> {
  const view = await deps.store.get(id);
  if (view.status === "rolling_back" || view.status === "rolled_back") return view;
  const r = await deps.store.transition(
    id,
    ["queued", "running", "halted", "aborted", "failed", "succeeded"],
    "rolling_back",
    {
      bumpGeneration: true,
      fields: { rollback: { state: "pending" } },
    },
  );
  if (!r.ok) throw new ApiError(409, "conflict", `rollout ${id} is ${r.status}`);
  await wake(deps, view);
  await deps.flows.add(buildRolloutFlow(id, r.generation, [{ phase: "rollback" }]));
  await deps.store.markEnqueued(id, r.generation);
  return deps.store.get(id);
}
