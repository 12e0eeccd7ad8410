import type { NotifyEvent, NotifyJobData, StepId } from "@mistflow/contracts";
import type { JobsOptions, Queue } from "bullmq";
import type { StepRetryPolicy } from "./job-options";

/** Write-back of deployment events to the ticket they came from; served by the notify worker. */
export const NOTIFY_QUEUE = "notify";
export const NOTIFY_JOB_NAME = "notify-ticket";

/** Vendor outages are usually minutes: 8 attempts from 5 s, doubling, span about 20 minutes. */
export const NOTIFY_ATTEMPTS = 8;
export const NOTIFY_BACKOFF_MS = 5_000;
/** The retry policy with the process's `NOTIFY_BACKOFF_MS`; the attempt count is fixed. */
export const notifyRetryPolicy = (backoffMs = NOTIFY_BACKOFF_MS): StepRetryPolicy => ({
  attempts: NOTIFY_ATTEMPTS,
  backoffMs,
});
const NOTIFY_RETRY_POLICY = notifyRetryPolicy();

const DAY_S = 86_400;

/**
 * One job per (deployment, event[, step]): re-adding it (a redelivered webhook, a retried step
 * that fails again) is a no-op, so each event reaches the ticket once.
 */
export const notifyJobId = (deploymentId: string, event: NotifyEvent, step?: StepId): string =>
  step && event === "step_failed"
    ? `${deploymentId}.notify-${event}-${step}`
    : `${deploymentId}.notify-${event}`;

export function notifyJobOptions(jobId: string, policy: StepRetryPolicy = NOTIFY_RETRY_POLICY): JobsOptions {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
    // Retention keeps the id, and so the dedup, well past any redelivery of the same ticket.
    removeOnComplete: { age: 7 * DAY_S },
    removeOnFail: { age: 30 * DAY_S },
  };
}

/** Queues the write-back of one deployment event. */
export async function enqueueNotify(
  queue: Queue,
  data: NotifyJobData,
  policy: StepRetryPolicy = NOTIFY_RETRY_POLICY,
): Promise<void> {
  await queue.add(
    NOTIFY_JOB_NAME,
    data,
    notifyJobOptions(notifyJobId(data.deployment_id, data.event, data.step), policy),
  );
}
