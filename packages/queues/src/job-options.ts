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
 * Completed jobs kept per queue. Age alone kept every job of a week's deployments: 15 job hashes
 * plus the children's results copied into their parents, ~30 KB of Redis per deployment (measured
 * by `mistflow bench --only memory`, docs/benchmarks.md). With this cap Redis holds at most ~1 MB
 * of completed jobs per queue, and only the deployment record (~7 KB) grows with every deployment.
 */
export const COMPLETED_JOBS_KEPT = 500;

/**
 * Options of every flow node. `failParentOnFailure` on every node: without it a parent waits in
 * `waiting-children` forever once a child has used up its attempts (BullMQ #3362).
 * Retention: the most recent completed jobs (by count, and a week at most) stay inspectable in
 * Bull Board, failed ones for 30 days; the authoritative status is the deployment record, which
 * does not depend on job retention.
 */
export function flowNodeOptions(jobId: string, policy: StepRetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
    failParentOnFailure: true,
    removeOnComplete: { age: 7 * DAY_S, count: COMPLETED_JOBS_KEPT },
    removeOnFail: { age: 30 * DAY_S },
  };
}
