import type { Worker } from "bullmq";

/**
 * `worker.close()` waits for active jobs with no timeout of its own. Past the deadline we force
 * it: the stalled-job check hands unfinished jobs to another worker, and steps are idempotent.
 */
export async function closeWithDeadline(worker: Worker, deadlineMs: number): Promise<"graceful" | "forced"> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"forced">((resolve) => {
    timer = setTimeout(() => resolve("forced"), deadlineMs);
  });
  const outcome = await Promise.race([worker.close().then(() => "graceful" as const), expired]);
  clearTimeout(timer);
  if (outcome === "forced") await worker.close(true);
  return outcome;
}
