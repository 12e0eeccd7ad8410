import {
  type BatchView,
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
  hasEnded,
  type StepId,
  type StepState,
} from "@mistflow/contracts";
import type { BatchRecord, DeploymentStore } from "@mistflow/deployments";

/** A batch as its deployments' records have it now: a batch has no status of its own to drift. */
export async function batchView(store: DeploymentStore, batch: BatchRecord): Promise<BatchView> {
  const views = await Promise.all(batch.deployments.map((d) => store.get(d.id)));
  const totals = Object.fromEntries(DEPLOYMENT_STATUSES.map((s) => [s, 0])) as Record<
    DeploymentStatus,
    number
  >;
  for (const v of views) totals[v.status] += 1;
  return {
    id: batch.id,
    created_at: batch.created_at,
    total: views.length,
    totals,
    done: views.every((v) => hasEnded(v.status)),
    deployments: views.map((v) => ({
      id: v.id,
      site_name: v.site_name,
      status: v.status,
      steps: Object.fromEntries(Object.entries(v.steps).map(([k, s]) => [k, s.state])) as Record<
        StepId,
        StepState
      >,
      ...(v.error ? { error: v.error } : {}),
      ...(v.finished_at ? { finished_at: v.finished_at } : {}),
    })),
  };
}
