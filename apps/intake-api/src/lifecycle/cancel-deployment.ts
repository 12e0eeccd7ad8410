import type { DeploymentView } from "@mistflow/contracts";
import { deploymentJobsTopDown } from "@mistflow/queues";
import { ApiError } from "../errors";
import { busy, type LifecycleDeps, notFound, queueNamed } from "./lifecycle-deps";

export interface Cancelled {
  view: DeploymentView;
  /** Jobs removed from BullMQ; a job a worker holds is left to finish its Mist call. */
  removed_jobs: number;
}

/**
 * The record first: a step job that starts from now on sees `cancelled` and does nothing. Then
 * the jobs, parents first, so that removing a child never releases its parent to run.
 */
export async function cancelDeployment(deps: LifecycleDeps, id: string): Promise<Cancelled> {
  const result = await deps.lifecycle.withLock(id, async () => {
    const outcome = await deps.lifecycle.cancel(id);
    if (outcome === "not_found") throw notFound(id);
    if (outcome === "already_ended") {
      const status = await deps.store.status(id);
      throw new ApiError(409, "already_ended", `deployment ${id} already ended (${status})`);
    }
    if (outcome === "finishing")
      throw new ApiError(409, "finishing", `deployment ${id} has bound its templates and is finishing`);
    let removed = 0;
    for (const job of deploymentJobsTopDown(id)) {
      if ((await queueNamed(deps, job.queue).remove(job.id, { removeChildren: false })) === 1) removed += 1;
    }
    return { view: await deps.store.get(id), removed_jobs: removed };
  });
  if (!result) throw busy(id);
  return result;
}
