import type { JobsOptions } from "bullmq";

export interface StepRetryPolicy {
  /** Attempts per step for transient failures (5xx, timeouts). Permanent ones stop at the first. */
  attempts: number;
  /** First backoff delay; doubles per attempt, with jitter so retries of many sites spread out. */
  backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: StepRetryPolicy = { attempts: 5, backoffMs: 2_000 };

const DAY_S = 86_400;

/**
 * Options of every flow node. `failParentOnFailure` on every node: without it a parent waits in
 * `waiting-children` forever once a child has used up its attempts (BullMQ #3362).
 * Retention is by age so records of recent deployments stay inspectable in Bull Board; the
 * authoritative status is the deployment record, which does not depend on job retention.
 */
export function flowNodeOptions(jobId: string, policy: StepRetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
    failParentOnFailure: true,
    removeOnComplete: { age: 7 * DAY_S },
    removeOnFail: { age: 30 * DAY_S },
  };
}
