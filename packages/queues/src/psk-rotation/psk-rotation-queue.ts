import { createHash } from "node:crypto";
import type { PskRotationJobData, PskScheduleJobData } from "@mistflow/contracts";
import type { JobSchedulerJson, JobsOptions, Queue } from "bullmq";
import type { StepRetryPolicy } from "../job-options";
import { QUEUE_NAMES } from "../names";

/** PSK rotation runs on the day2 queue, served by `--domain day2`. */
export const PSK_ROTATION_QUEUE = QUEUE_NAMES.day2;
export const ROTATE_PSK_JOB = "rotate-psk";
export const EXPIRE_PSK_OLD_PASSPHRASE_JOB = "expire-psk-old-passphrase";
export const FIRE_PSK_SCHEDULE_JOB = "fire-psk-rotation-schedule";

/**
 * Sink outages are usually minutes: 8 attempts from 5 s, doubling, span about 20 minutes. Each
 * attempt resumes where the record says the rotation stands, so no attempt makes a second passphrase.
 */
export const ROTATE_PSK_ATTEMPTS = 8;
export const ROTATE_PSK_BACKOFF_MS = 5_000;
/** The retry policy with the process's `PSK_ROTATION_BACKOFF_MS`; the attempt count is fixed. */
export const pskRotationRetryPolicy = (backoffMs = ROTATE_PSK_BACKOFF_MS): StepRetryPolicy => ({
  attempts: ROTATE_PSK_ATTEMPTS,
  backoffMs,
});
const PSK_ROTATION_RETRY_POLICY = pskRotationRetryPolicy();

const DAY_S = 86_400;
const retention = {
  // Retention keeps the ids, and so the dedup, well past any redelivery.
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
} as const;

/** One job per rotation and one expiry per rotation: re-adding either is a no-op. */
export const rotatePskJobId = (rotationId: string): string => `${rotationId}.rotate`;
export const expireOldPassphraseJobId = (rotationId: string): string => `${rotationId}.expire-old`;

export function rotatePskJobOptions(
  rotationId: string,
  policy: StepRetryPolicy = PSK_ROTATION_RETRY_POLICY,
): JobsOptions {
  return {
    jobId: rotatePskJobId(rotationId),
    attempts: policy.attempts,
    backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
    ...retention,
  };
}

/** The end of the overlap is a delayed job, so no worker sleeps through the window. */
export function expireOldPassphraseJobOptions(
  rotationId: string,
  delayMs: number,
  policy: StepRetryPolicy = PSK_ROTATION_RETRY_POLICY,
): JobsOptions {
  return {
    jobId: expireOldPassphraseJobId(rotationId),
    delay: Math.max(0, delayMs),
    attempts: policy.attempts,
    backoff: { type: "exponential", delay: policy.backoffMs, jitter: 0.5 },
    ...retention,
  };
}

export async function enqueuePskRotation(
  queue: Queue,
  rotationId: string,
  policy: StepRetryPolicy = PSK_ROTATION_RETRY_POLICY,
): Promise<void> {
  const data: PskRotationJobData = { rotation_id: rotationId };
  await queue.add(ROTATE_PSK_JOB, data, rotatePskJobOptions(rotationId, policy));
}

export async function scheduleOldPassphraseExpiry(
  queue: Queue,
  rotationId: string,
  delayMs: number,
  policy: StepRetryPolicy = PSK_ROTATION_RETRY_POLICY,
): Promise<void> {
  const data: PskRotationJobData = { rotation_id: rotationId };
  await queue.add(
    EXPIRE_PSK_OLD_PASSPHRASE_JOB,
    data,
    expireOldPassphraseJobOptions(rotationId, delayMs, policy),
  );
}

/** Same org and PSK names → same schedule: posting it again updates it instead of adding one. */
export function pskScheduleId(orgId: string, pskNames: readonly string[]): string {
  const digest = createHash("sha256")
    .update([orgId, ...[...pskNames].sort()].join("\n"))
    .digest("hex");
  return `pskrot-sched-${digest.slice(0, 16)}`;
}

export type PskScheduleRepeat = { cron: string; tz: string } | { every_s: number };

/** Creates or replaces a BullMQ job scheduler whose jobs each start one rotation per PSK. */
export async function upsertPskSchedule(
  queue: Queue,
  data: PskScheduleJobData,
  repeat: PskScheduleRepeat,
): Promise<void> {
  await queue.upsertJobScheduler(
    data.schedule_id,
    "cron" in repeat ? { pattern: repeat.cron, tz: repeat.tz } : { every: repeat.every_s * 1_000 },
    {
      name: FIRE_PSK_SCHEDULE_JOB,
      data,
      opts: { attempts: 3, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 }, ...retention },
    },
  );
}

/** The PSK rotation schedulers of the queue (others, e.g. upgrade waves, are left out). */
export async function listPskSchedules(queue: Queue): Promise<JobSchedulerJson<PskScheduleJobData>[]> {
  const all = (await queue.getJobSchedulers(0, -1, true)) as JobSchedulerJson<PskScheduleJobData>[];
  return all.filter((s) => s.name === FIRE_PSK_SCHEDULE_JOB);
}
