import type { RedisClient } from "@mistflow/config";
import type { Logger } from "@mistflow/logger";
import { DelayedError, type Job, type Processor, type Telemetry, Worker } from "bullmq";

export interface QueueWorkerOptions {
  queueName: string;
  prefix: string;
  connection: RedisClient;
  concurrency: number;
  processor: Processor;
  log: Logger;
  /** How long a job's lock lives without renewal; a dead worker's job is re-run after it. */
  lockDurationMs?: number;
  /** How often every worker looks for jobs whose lock expired. */
  stalledIntervalMs?: number;
  /** Continues the producer's trace in a consumer span around each job (OpenTelemetry on). */
  telemetry?: Telemetry | undefined;
}

/**
 * One BullMQ worker with the settings every domain shares. Mist calls can be slow, hence the
 * long lock; rate-limit parking does not use attempts, so `maxStartedAttempts` is what stops a
 * job from being parked forever.
 */
export function createQueueWorker(opts: QueueWorkerOptions): Worker {
  const worker = new Worker(opts.queueName, opts.processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? 60_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
    maxStartedAttempts: 200,
    autorun: false,
    ...(opts.telemetry ? { telemetry: opts.telemetry } : {}),
  });
  worker.on("error", (err) => opts.log.error({ err: err.message, queue: opts.queueName }, "worker error"));
  return worker;
}

/**
 * Give the job back to the delayed set until the wait is over. Unlike a thrown error this does
 * not count as an attempt, and unlike sleeping it does not hold a worker slot.
 */
export async function parkJob(job: Job, token: string | undefined, waitMs: number): Promise<never> {
  const jitter = Math.round(Math.random() * Math.min(1_000, waitMs * 0.1));
  await job.moveToDelayed(Date.now() + waitMs + jitter, token);
  throw new DelayedError();
}
