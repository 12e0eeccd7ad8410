import type { RolloutJobData } from "@mistflow/contracts";
import { JOB_CATALOG } from "@mistflow/queues";
import { isRolloutNotFoundError, type RolloutCore, RolloutStore } from "@mistflow/upgrades";
import type { JobAttempt } from "@mistflow/worker-runtime";
import { type Job, UnrecoverableError } from "bullmq";
import { day2Job } from "../day2-job";
import type { Day2Deps, Day2Handler } from "../handlers";
import { cleanupPhase, preparePhase, rollbackPhase, wavePhase } from "./phases";
import { nowIso, type PhaseContext, type PhaseOutcome } from "./rollout-context";

const stores = new WeakMap<Day2Deps, RolloutStore>();
const storeOf = (deps: Day2Deps): RolloutStore => {
  let store = stores.get(deps);
  if (!store) {
    store = new RolloutStore(deps.redis, deps.prefix);
    stores.set(deps, store);
  }
  return store;
};

/**
 * One phase of a blueprint rollout (prepare, a wave, cleanup, or a rollback). The record decides
 * whether it may act: a job of an older generation (the rollout was resumed, aborted or rolled
 * back since it was enqueued) or of a rollout no longer running stops without touching Mist.
 */
export const runRolloutPhase: Day2Handler = day2Job(JOB_CATALOG.rolloutPhase, (deps) => {
  const store = storeOf(deps);
  const logFor = ({ rollout_id, phase, wave, generation }: RolloutJobData, { job }: JobAttempt) =>
    deps.log.child({
      rollout: rollout_id,
      phase: phaseLabel(phase, wave),
      generation,
      attempt: job.attemptsMade + 1,
    });
  /** Set once the record let this phase act: only then does a failure fail the rollout. */
  const progress = { acting: false };
  return {
    run: (data: RolloutJobData, { job, token }) => runPhase(data, job, token, deps, progress),
    onPark: (data, waitMs, attempt) =>
      logFor(data, attempt).info({ waitMs }, "Mist rate budget exhausted; parking the rollout phase"),
    onRetry: async (data, error, attempt) =>
      logFor(data, attempt).warn(
        { err: error.message, status: error.status, final: false },
        "rollout phase failed",
      ),
    onFinal: async (data, error, attempt) => {
      logFor(data, attempt).warn(
        { err: error.message, status: error.status, final: true },
        "rollout phase failed",
      );
      if (!progress.acting) return;
      const { rollout_id: id, phase, wave, generation } = data;
      const fields: Record<string, unknown> = {
        halt: {
          wave: wave ?? 0,
          reason: `${phaseLabel(phase, wave)}: ${error.message}`,
          at: nowIso(),
          kind: "error",
        },
      };
      if (phase === "wave" && wave !== undefined) {
        const w = await store.wave(id, wave);
        fields[`w:${wave}`] = { ...w, state: "failed", note: error.message, finished_at: nowIso() };
      } else fields[phase] = { state: "failed", note: error.message, finished_at: nowIso() };
      await store.transition(id, [expectedStatus(phase), "queued"], "failed", { generation, fields });
    },
  };
});

const phaseLabel = (phase: RolloutJobData["phase"], wave: number | undefined) =>
  phase === "wave" ? `wave ${wave}` : phase;
const expectedStatus = (phase: RolloutJobData["phase"]) =>
  phase === "rollback" ? "rolling_back" : "running";

async function runPhase(
  data: RolloutJobData,
  job: Job,
  token: string | undefined,
  deps: Day2Deps,
  progress: { acting: boolean },
): Promise<PhaseOutcome> {
  const { rollout_id: id, phase, wave, generation } = data;
  const store = storeOf(deps);
  const label = phaseLabel(phase, wave);
  const log = deps.log.child({ rollout: id, phase: label, generation, attempt: job.attemptsMade + 1 });

  let core: RolloutCore;
  try {
    core = await store.core(id);
  } catch (e) {
    if (isRolloutNotFoundError(e)) throw new UnrecoverableError(`rollout ${id} has no record`);
    throw e;
  }
  const stop = (note: string): PhaseOutcome => {
    log.info({ note }, "rollout phase stopped");
    return { rollout_id: id, phase: label, outcome: "stopped", note };
  };
  if (core.generation !== generation) return stop(`generation ${core.generation} runs now`);
  const expected = expectedStatus(phase);
  if (core.status === "queued" && phase !== "rollback") {
    const r = await store.transition(id, ["queued"], "running", { generation });
    if (!r.ok && r.status !== "running") return stop(`rollout is ${r.status}`);
    core = { ...core, status: "running" };
  }
  if (core.status !== expected) return stop(`rollout is ${core.status}`);

  progress.acting = true;
  const mist = await deps.mist.clientFor(core.org_id);
  const ctx: PhaseContext = { deps, store, core, generation, mist, job, token, log };
  switch (phase) {
    case "prepare":
      return await preparePhase(ctx);
    case "wave":
      if (wave === undefined) throw new UnrecoverableError("a wave job needs its wave number");
      return await wavePhase(ctx, wave);
    case "cleanup":
      return await cleanupPhase(ctx);
    case "rollback":
      return await rollbackPhase(ctx);
  }
}
