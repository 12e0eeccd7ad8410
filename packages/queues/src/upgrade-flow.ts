import type { UpgradeWaveJobData } from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { flowNodeOptions, type StepRetryPolicy } from "./job-options";
import { QUEUE_NAMES } from "./names";

/** One job per wave of a firmware rollout, on the day2 queue. */
export const UPGRADE_WAVE_JOB = "upgrade-wave";
export const UPGRADE_QUEUE: string = QUEUE_NAMES.day2;

/** A wave makes a handful of Mist calls per site; transient failures retry like a step. */
export const UPGRADE_RETRY_POLICY: StepRetryPolicy = { attempts: 5, backoffMs: 2_000 };

/**
 * Deterministic per wave and generation: re-adding a flow is a no-op, and a resume (generation
 * n > 0) gets ids of its own, since the jobs of the halted chain are still kept as completed.
 */
export const upgradeWaveJobId = (upgradeId: string, wave: number, generation: number): string =>
  generation === 0 ? `${upgradeId}.w${wave}` : `${upgradeId}.w${wave}.r${generation}`;

/**
 * Waves `from`..`to` as a chain: each wave is the parent of the one before it, so BullMQ starts a
 * wave only once the previous one completed. A wave that halts the rollout records it and
 * completes; the waves above it see the record and stop without touching Mist.
 * `failParentOnFailure` (from the node options) makes a wave that fails for good fail the rest of
 * the chain instead of leaving it waiting for children forever.
 */
export function buildUpgradeFlow(
  upgradeId: string,
  generation: number,
  from: number,
  to: number,
  policy: StepRetryPolicy = UPGRADE_RETRY_POLICY,
): FlowJob {
  if (from < 1 || to < from) throw new RangeError(`no waves to run: ${from}..${to}`);
  let node: FlowJob | undefined;
  for (let wave = from; wave <= to; wave++) {
    const data: UpgradeWaveJobData = { upgrade_id: upgradeId, wave, generation };
    node = {
      name: UPGRADE_WAVE_JOB,
      queueName: UPGRADE_QUEUE,
      data,
      opts: flowNodeOptions(upgradeWaveJobId(upgradeId, wave, generation), policy),
      ...(node ? { children: [node] } : {}),
    };
  }
  return node as FlowJob;
}
