import { DelayedError, Job, RateLimitError, UnrecoverableError, WaitingChildrenError } from "bullmq";

/**
 * What becomes of a job whose processor throws now: `park` (BullMQ's own "come back later"
 * signals; no attempt spent), `retry` (BullMQ will run it again after its backoff) or `final`
 * (it moves to failed, so the record must say failed now, since nothing will run again).
 */
export type AttemptOutcome = "park" | "retry" | "final";

/**
 * BullMQ decides a retry in `Job#shouldRetryJob`: attempts left, not `UnrecoverableError`, the
 * worker's `maxStartedAttempts` not reached, and the backoff strategy not answering -1. That is
 * more than `attemptsMade + 1 >= attempts`, which handlers used to re-derive (and so called a
 * job that had been parked 200 times "retrying" while BullMQ failed it). The method is not in
 * BullMQ's typings, so it is checked once at load time: an upgrade that renames it fails every
 * worker test instead of silently falling back to a guess.
 */
interface RetryDecision {
  shouldRetryJob(err: Error): Promise<[boolean, number]>;
}
if (typeof (Job.prototype as unknown as Partial<RetryDecision>).shouldRetryJob !== "function")
  throw new Error("bullmq's Job#shouldRetryJob is missing: attemptOutcome must be adapted to this version");

/** BullMQ's "come back later" errors (`parkJob`'s DelayedError among them): never a failure. */
export const isParkSignal = (e: unknown): boolean =>
  e instanceof DelayedError || e instanceof WaitingChildrenError || e instanceof RateLimitError;

/**
 * The one finality rule. `thrown` must be what the processor is about to throw (e.g. the
 * `UnrecoverableError` that wraps a permanent failure), since that is what BullMQ will judge.
 */
export async function attemptOutcome(job: Job, thrown: unknown): Promise<AttemptOutcome> {
  if (isParkSignal(thrown)) return "park";
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  const [retry] = await (job as unknown as RetryDecision).shouldRetryJob(err);
  return retry ? "retry" : "final";
}

/** `attemptOutcome(job, thrown) === "final"`, for handlers that only record the end. */
export const isFinalAttempt = async (job: Job, thrown: unknown): Promise<boolean> =>
  (await attemptOutcome(job, thrown)) === "final";

/** The error a handler throws for a failure it classified: permanent ones must not be retried. */
export const toThrown = (e: unknown, permanent: boolean): unknown =>
  permanent && !(e instanceof UnrecoverableError)
    ? new UnrecoverableError(e instanceof Error ? e.message : String(e))
    : e;
