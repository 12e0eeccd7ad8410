import { StepJobData } from "@mistflow/contracts";
import { DEPLOYMENTS, type MetricsRecorder, STEP_DURATION } from "@mistflow/metrics";
import { ROOT_JOB_NAME } from "@mistflow/queues";
import { type AttemptOutcome, attemptOutcome } from "@mistflow/worker-runtime";
import type { Processor } from "bullmq";

type StepOutcomeLabel = "succeeded" | "retrying" | "failed" | "parked" | "skipped";

const LABEL: Record<AttemptOutcome, StepOutcomeLabel> = {
  park: "parked",
  retry: "retrying",
  final: "failed",
};

/**
 * Times every step attempt by step and outcome, and counts deployments as they end, around the
 * step processor rather than inside it: the processor stays about deployments, and recording is
 * a memory write (the recorder flushes to Redis on its own).
 *
 * A deployment is counted `failed` by the attempt that failed its step for good, `succeeded` by
 * the root job that completed it.
 */
export function withStepMetrics(processor: Processor, metrics: MetricsRecorder | undefined): Processor {
  if (!metrics) return processor;
  return async (job, token) => {
    if (job.name === ROOT_JOB_NAME) {
      const result = (await processor(job, token)) as { status?: string } | undefined;
      if (result?.status === "succeeded") metrics.inc(DEPLOYMENTS, { outcome: "succeeded" });
      return result;
    }
    const parsed = StepJobData.safeParse(job.data);
    const step = parsed.success ? parsed.data.step : job.name;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = (await processor(job, token)) as { skipped?: string } | undefined;
      metrics.observe(STEP_DURATION, { step, outcome: result?.skipped ? "skipped" : "succeeded" }, seconds());
      return result;
    } catch (e) {
      const outcome = LABEL[await attemptOutcome(job, e)];
      metrics.observe(STEP_DURATION, { step, outcome }, seconds());
      if (outcome === "failed") metrics.inc(DEPLOYMENTS, { outcome: "failed" });
      throw e;
    }
  };
}
