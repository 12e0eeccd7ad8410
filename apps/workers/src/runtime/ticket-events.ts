import type { DeploymentView, NotifyEvent, StepId } from "@mistflow/contracts";
import type { DeploymentStore } from "@mistflow/deployments";
import type { Logger } from "@mistflow/logger";
import { enqueueNotify, type StepRetryPolicy } from "@mistflow/queues";
import type { Queue } from "bullmq";

export interface TicketEventDeps {
  store: DeploymentStore;
  /** The `notify` queue; without it (tests, older setups) tickets are simply not told. */
  notify?: Queue;
  notifyRetry?: StepRetryPolicy;
  log: Logger;
}

/**
 * Queues a write-back for a deployment that came from a ticket; others have nobody to tell.
 * Job ids are per (deployment, event[, step]), so calling this again is harmless.
 */
export async function notifyTicket(
  deps: TicketEventDeps,
  deployment: string | DeploymentView,
  event: NotifyEvent,
  step?: StepId,
): Promise<void> {
  if (!deps.notify) return;
  const view = typeof deployment === "string" ? await deps.store.get(deployment) : deployment;
  if (!view.request.ticket) return;
  await enqueueNotify(
    deps.notify,
    { deployment_id: view.id, event, ...(step ? { step } : {}) },
    deps.notifyRetry,
  );
}

/**
 * A step failed for good, and with it the deployment: the step's own note and the deployment's.
 * Best effort: the step's failure is what the caller must report, so a Redis hiccup here is
 * logged rather than allowed to replace it.
 */
export async function notifyStepFailure(
  deps: TicketEventDeps,
  view: DeploymentView,
  step: StepId,
): Promise<void> {
  try {
    await notifyTicket(deps, view, "step_failed", step);
    await notifyTicket(deps, view, "failed", step);
  } catch (e) {
    deps.log.warn(
      { deployment: view.id, step, err: (e as Error).message },
      "could not queue the ticket write-back",
    );
  }
}

/**
 * Everything deployed, but the site's SLEs stayed below threshold over the soak window: the ticket
 * hears `failed_assurance` (with the per-metric report) rather than a step failure. Best effort,
 * like {@link notifyStepFailure}.
 */
export async function notifyAssuranceFailure(
  deps: TicketEventDeps,
  view: DeploymentView,
  step: StepId,
): Promise<void> {
  try {
    await notifyTicket(deps, view, "failed_assurance", step);
  } catch (e) {
    deps.log.warn(
      { deployment: view.id, step, err: (e as Error).message },
      "could not queue the ticket write-back",
    );
  }
}
