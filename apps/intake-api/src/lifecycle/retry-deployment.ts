import { type DeploymentView, STEP_IDS, type StepId } from "@mistflow/contracts";
import { buildRetryFlow, deploymentJobsTopDown } from "@mistflow/queues";
import type { Queue } from "bullmq";
import { ApiError } from "../errors";
import { busy, type LifecycleDeps, notFound, queueNamed } from "./lifecycle-deps";

/**
 * Re-runs what a failed deployment did not finish, and nothing else. BullMQ keeps a failed
 * job's id, so re-adding the intake flow would be a no-op, and retrying the failed jobs in place
 * does not revive parents that `failParentOnFailure` already failed. Instead: remove every job of
 * the deployment (parents first, so none is released to run), reset the record's unfinished
 * steps to pending, and add the same tree with the same ids minus the succeeded steps.
 */
export async function retryDeployment(deps: LifecycleDeps, id: string): Promise<DeploymentView> {
  const result = await deps.lifecycle.withLock(id, async () => {
    if (!(await deps.store.exists(id))) throw notFound(id);
    if (!(await deps.lifecycle.isRetryable(id))) {
      const status = await deps.store.status(id);
      throw new ApiError(
        409,
        "not_failed",
        `deployment ${id} is ${status}; only a failed deployment can be retried`,
      );
    }
    const before = await deps.store.get(id);
    const running = STEP_IDS.filter((s) => before.steps[s].state === "running");
    if (running.length) throw stillRunning(id, running);
    for (const job of deploymentJobsTopDown(id)) {
      const queue = queueNamed(deps, job.queue);
      if (!(await removeOnceReleased(queue, job.id))) throw stillRunning(id, [job.id]);
    }
    const reset = await deps.lifecycle.resetForRetry(id);
    if (reset === "steps_running") throw stillRunning(id, []);
    if (reset !== "reset") throw new ApiError(409, "not_failed", `deployment ${id} can no longer be retried`);
    const view = await deps.store.get(id);
    const done = new Set<StepId>(
      STEP_IDS.filter((s) => ["succeeded", "skipped"].includes(view.steps[s].state)),
    );
    // The record says whether this deployment has the assurance step: `skipped` when it has not.
    const assure = (view.steps as Partial<Record<string, { state: string }>>).assure;
    await deps.flows.add(
      buildRetryFlow(id, deps.policy, done, { assurance: !!assure && assure.state !== "skipped" }),
    );
    await deps.store.markEnqueued(id);
    return deps.store.get(id);
  });
  if (!result) throw busy(id);
  return result;
}

/**
 * The record says a step ended a moment before BullMQ lets go of its job (the worker still has
 * to move it to failed, and failParentOnFailure to fail its parents). Removal returns 0 while a
 * worker holds the lock, so give a job that is finishing a short while before calling it busy.
 */
async function removeOnceReleased(queue: Queue, jobId: string, graceMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
    if ((await queue.remove(jobId, { removeChildren: false })) === 1) return true;
    if (!(await queue.getJob(jobId))) return true;
    if (Date.now() + pause > deadline) return false;
    await new Promise((r) => setTimeout(r, pause));
  }
}

const stillRunning = (id: string, what: string[]) =>
  new ApiError(
    409,
    "steps_running",
    `deployment ${id} still has work in flight${what.length ? ` (${what.join(", ")})` : ""}; retry once it has settled`,
  );
