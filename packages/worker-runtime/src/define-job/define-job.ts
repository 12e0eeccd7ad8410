import type { StepError } from "@mistflow/contracts";
import { type Job, UnrecoverableError } from "bullmq";
import type { z } from "zod";
import { isFinalAttempt, isParkSignal, toThrown } from "../attempt-outcome";
import { parkJob } from "../create-queue-worker";
import { rateLimitWaitMs, toStepError } from "../step-failure";

/** A job kind as the job catalogue (`@mistflow/queues`) declares it: its name and payload schema. */
export interface JobKind<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly payload: S;
}

/** The BullMQ job and lock token of the attempt running: what parking and follow-ups need. */
export interface JobAttempt {
  readonly job: Job;
  readonly token: string | undefined;
}

export interface JobSpec<S extends z.ZodType, R> {
  kind: JobKind<S>;
  /** The work, given the payload already validated against the kind's schema. */
  run(data: z.output<S>, attempt: JobAttempt): Promise<R>;
  /**
   * Waits beyond the rate budget and busy locks that park the job (no attempt spent): the ms to
   * wait, or undefined when `e` is a failure. May record progress before the job parks.
   */
  parkFor?(e: unknown, data: z.output<S>): Promise<number | undefined> | number | undefined;
  /** The job parks for `waitMs` on a wait `parkFor` or the rate budget named: say so in the log. */
  onPark?(data: z.output<S>, waitMs: number, attempt: JobAttempt, e: unknown): void;
  /** The failure as records keep it; `permanent` stops BullMQ retrying. Default: `toStepError`. */
  classify?(e: unknown): StepError;
  /** The attempt failed and BullMQ will run the job again. */
  onRetry?(data: z.output<S>, failure: StepError, attempt: JobAttempt, e: unknown): Promise<void>;
  /** The attempt failed and nothing will run the job again: whatever records it must end now. */
  onFinal?(data: z.output<S>, failure: StepError, attempt: JobAttempt, e: unknown): Promise<void>;
}

export type JobProcessor<R = unknown> = (job: Job, token?: string) => Promise<R>;

/**
 * The payload, validated against its kind's schema (workers re-validate what they pick up); a
 * payload that does not parse never will, so the job fails at once naming the field.
 */
export function parseJobPayload<S extends z.ZodType>(kind: JobKind<S>, job: Job): z.output<S> {
  const parsed = kind.payload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * One envelope for every job kind: parse the payload, run, park on waits that resolve by
 * themselves, classify a failure once, tell the record whether BullMQ will retry (BullMQ's own
 * decision, `isFinalAttempt`), and rethrow what BullMQ must see: an `UnrecoverableError` for a
 * permanent failure, so no attempt is wasted on it.
 */
export function defineJob<S extends z.ZodType, R>(spec: JobSpec<S, R>): JobProcessor<R> {
  return async (job, token) => {
    const data = parseJobPayload(spec.kind, job);
    const attempt: JobAttempt = { job, token };
    try {
      return await spec.run(data, attempt);
    } catch (e) {
      if (isParkSignal(e)) throw e;
      const waitMs = (await spec.parkFor?.(e, data)) ?? rateLimitWaitMs(e);
      if (waitMs !== undefined) {
        spec.onPark?.(data, waitMs, attempt, e);
        return parkJob(job, token, waitMs);
      }
      const classified = (spec.classify ?? toStepError)(e);
      const failure = e instanceof UnrecoverableError ? { ...classified, permanent: true } : classified;
      const thrown = toThrown(e, failure.permanent);
      if (await isFinalAttempt(job, thrown)) await spec.onFinal?.(data, failure, attempt, e);
      else await spec.onRetry?.(data, failure, attempt, e);
      throw thrown;
    }
  };
}
