import type { RolloutJobData } from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { flowNodeOptions, type StepRetryPolicy } from "../job-options";

/**
 * Blueprint rollouts have a queue of their own, so their waves (which park for soak windows)
 * are visible apart from firmware upgrades; the day2 worker kind consumes it.
 */
export const ROLLOUT_QUEUE = "rollouts";
export const ROLLOUT_PHASE_JOB = "rollout-phase";

/** A phase makes a handful of Mist calls per site; transient failures retry like a step. */
export const ROLLOUT_RETRY_POLICY: StepRetryPolicy = { attempts: 5, backoffMs: 2_000 };

type Phase = Pick<RolloutJobData, "phase" | "wave">;

const phaseName = (p: Phase) => (p.phase === "wave" ? `w${p.wave}` : p.phase);

/** Deterministic per phase and generation: re-adding a chain is a no-op, a resume gets ids of its own. */
export const rolloutJobId = (rolloutId: string, phase: Phase, generation: number): string =>
  `${rolloutId}.${phaseName(phase)}.g${generation}`;

/** prepare, each wave from `fromWave`, then cleanup: the phases a start or a resume runs. */
export function rolloutPhases(waves: number, fromWave = 1, withPrepare = true): Phase[] {
  const out: Phase[] = withPrepare ? [{ phase: "prepare" }] : [];
  for (let w = fromWave; w <= waves; w++) out.push({ phase: "wave", wave: w });
  out.push({ phase: "cleanup" });
  return out;
}

/**
 * Phases as a chain: each is the parent of the one before it, so BullMQ starts a phase only once
 * the previous one completed. A phase that halts the rollout records it and completes; the ones
 * above it see the record and stop without touching Mist. `failParentOnFailure` (node options)
 * makes a phase that fails for good fail the rest of the chain instead of leaving it waiting.
 */
export function buildRolloutFlow(
  rolloutId: string,
  generation: number,
  phases: readonly Phase[],
  policy: StepRetryPolicy = ROLLOUT_RETRY_POLICY,
): FlowJob {
  if (phases.length === 0) throw new RangeError("no phases to run");
  let node: FlowJob | undefined;
  for (const p of phases) {
    const data: RolloutJobData = {
      rollout_id: rolloutId,
      phase: p.phase,
      ...(p.wave !== undefined ? { wave: p.wave } : {}),
      generation,
    };
    node = {
      name: ROLLOUT_PHASE_JOB,
      queueName: ROLLOUT_QUEUE,
      data,
      opts: flowNodeOptions(rolloutJobId(rolloutId, p, generation), policy),
      ...(node ? { children: [node] } : {}),
    };
  }
  return node as FlowJob;
}

/** The scheduled drift check: one repeatable job on the rollouts queue, one run per interval. */
export const DRIFT_CHECK_JOB = "drift-check";
export const DRIFT_CHECK_SCHEDULER = "drift-check";
