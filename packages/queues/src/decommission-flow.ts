import {
  DECOMMISSION_STEP_IDS,
  type DecommissionJobData,
  type DecommissionStepId,
} from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { flowNodeOptions, type StepRetryPolicy } from "./job-options";
import { QUEUE_NAMES } from "./names";

/**
 * A decommission is a Day 2 operation: its jobs run in the day2 worker, which already holds the
 * Mist token pool, the IPAM allocator's Redis and the record stores the teardown needs.
 */
export const DECOMMISSION_STEP_JOB = "decommission-step";
export const DECOMMISSION_QUEUE: string = QUEUE_NAMES.day2;

/** Each step is a few Mist calls; transient failures retry like a deployment step. */
export const DECOMMISSION_RETRY_POLICY: StepRetryPolicy = { attempts: 5, backoffMs: 2_000 };

/** Deterministic per step and generation: re-adding the chain is a no-op, a resume gets new ids. */
export const decommissionJobId = (id: string, step: DecommissionStepId, generation: number): string =>
  generation === 0 ? `${id}.${step}` : `${id}.${step}.r${generation}`;

/**
 * The teardown as a chain, in `DECOMMISSION_STEP_IDS` order: each step is the parent of the one
 * before it, so BullMQ starts a step only once the previous one completed, and a step that fails
 * for good fails the rest of the chain (`failParentOnFailure`) instead of leaving it waiting.
 */
export function buildDecommissionFlow(
  id: string,
  generation: number,
  policy: StepRetryPolicy = DECOMMISSION_RETRY_POLICY,
): FlowJob {
  let node: FlowJob | undefined;
  for (const step of DECOMMISSION_STEP_IDS) {
    const data: DecommissionJobData = { decommission_id: id, step, generation };
    node = {
      name: DECOMMISSION_STEP_JOB,
      queueName: DECOMMISSION_QUEUE,
      data,
      opts: flowNodeOptions(decommissionJobId(id, step, generation), policy),
      ...(node ? { children: [node] } : {}),
    };
  }
  return node as FlowJob;
}
