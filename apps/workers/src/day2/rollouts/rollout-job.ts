import { RolloutJobData } from "@mistflow/contracts";
import { isRolloutNotFoundError, type RolloutCore, RolloutStore } from "@mistflow/upgrades";
import { isFinalAttempt, parkJob, rateLimitWaitMs, toStepError, toThrown } from "@mistflow/worker-runtime";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import type { Day2Deps } from "../handlers";
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
export async function runRolloutPhase(
  job: Job,
  token: string | undefined,
  deps: Day2Deps,
): Promise<PhaseOutcome> {
  const parsed = RolloutJobData.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { rollout_id: id, phase, wave, generation } = parsed.data;
  const store = storeOf(deps);
  const label = phase === "wave" ? `wave ${wave}` : phase;
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
  const expected = phase === "rollback" ? "rolling_back" : "running";
  if (core.status === "queued" && phase !== "rollback") {
    const r = await store.transition(id, ["queued"], "running", { generation });
    if (!r.ok && r.status !== "running") return stop(`rollout is ${r.status}`);
    core = { ...core, status: "running" };
  }
  if (core.status !== expected) return stop(`rollout is ${core.status}`);

  try {
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
  } catch (e) {
    const waitMs = rateLimitWaitMs(e);
    if (waitMs !== undefined) {
      log.info({ waitMs }, "Mist rate budget exhausted; parking the rollout phase");
      return parkJob(job, token, waitMs);
    }
    // parkJob's DelayedError must pass through untouched.
    if (e instanceof DelayedError) throw e;
    const error = toStepError(e);
    const thrown = toThrown(e, error.permanent);
    const final = await isFinalAttempt(job, thrown);
    log.warn({ err: error.message, status: error.status, final }, "rollout phase failed");
    if (final) {
      const fields: Record<string, unknown> = {
        halt: { wave: wave ?? 0, reason: `${label}: ${error.message}`, at: nowIso(), kind: "error" },
      };
      if (phase === "wave" && wave !== undefined) {
        const w = await store.wave(id, wave);
        fields[`w:${wave}`] = { ...w, state: "failed", note: error.message, finished_at: nowIso() };
      } else fields[phase] = { state: "failed", note: error.message, finished_at: nowIso() };
      await store.transition(id, [expected, "queued"], "failed", { generation, fields });
    }
    throw thrown;
  }
}
