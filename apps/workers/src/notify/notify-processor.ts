import type { DeploymentView, NotifyJobData } from "@mistflow/contracts";
import { type DeploymentStore, isDeploymentNotFoundError } from "@mistflow/deployments";
import type { Logger } from "@mistflow/logger";
import { JOB_CATALOG } from "@mistflow/queues";
import { defineJob, parkJob } from "@mistflow/worker-runtime";
import { type Job, type Processor, UnrecoverableError } from "bullmq";
import { isVendorCallError, performCall } from "./http";
import { renderMessage } from "./render";
import type { WriteBack } from "./targets";

export interface NotifyDeps {
  store: DeploymentStore;
  writeBack: WriteBack;
  timeoutMs: number;
  log: Logger;
}

/** A 429 asking for at most this long parks the job without spending an attempt. */
const MAX_PARK_MS = 15 * 60_000;

/** Calls of this job already done in an earlier attempt: a retry must not comment twice. */
const doneCalls = (job: Job): Set<string> => {
  const done = (job.progress as { done?: unknown } | undefined)?.done;
  return new Set(Array.isArray(done) ? done.filter((d): d is string => typeof d === "string") : []);
};

async function loadView(deps: NotifyDeps, id: string): Promise<DeploymentView> {
  try {
    return await deps.store.get(id);
  } catch (e) {
    if (isDeploymentNotFoundError(e)) throw new UnrecoverableError(`deployment ${id} has no record`);
    throw e;
  }
}

/**
 * Delivers one deployment event to its ticket: renders the message from the record, then runs
 * the target's calls in order, checkpointing each in the job's progress. Nothing here logs a
 * URL with credentials, a header, or a request body.
 */
export function createNotifyProcessor(deps: NotifyDeps): Processor {
  return defineJob({
    kind: JOB_CATALOG.notifyTicket,
    run: (data, { job, token }) => deliver(deps, data, job, token),
  });
}

async function deliver(deps: NotifyDeps, data: NotifyJobData, job: Job, token: string | undefined) {
  const view = await loadView(deps, data.deployment_id);
  const ticket = view.request.ticket;
  if (!ticket) return { skipped: "the deployment has no ticket" };
  const log = deps.log.child({
    deployment: view.id,
    event: data.event,
    source: ticket.source,
    ticket: ticket.key,
  });
  const target = deps.writeBack.targets.get(ticket.source);
  if (!target) return { skipped: `no write-back is configured for source ${ticket.source}` };
  if (target.type !== ticket.type) {
    throw new UnrecoverableError(
      `source ${ticket.source} is ${target.type} now, the ticket came from ${ticket.type}`,
    );
  }
  if (!target.events.includes(data.event)) return { skipped: `${data.event} is not written back` };

  const message = renderMessage(view, data, deps.writeBack.publicUrl);
  const done = doneCalls(job);
  const calls = target.calls(ticket, message, `msg_${job.id ?? view.id}`);
  for (const call of calls) {
    if (done.has(call.name)) continue;
    try {
      await performCall(call, deps.timeoutMs);
    } catch (e) {
      if (
        isVendorCallError(e) &&
        e.status === 429 &&
        e.retryAfterMs !== undefined &&
        e.retryAfterMs <= MAX_PARK_MS
      ) {
        log.info({ call: call.label, waitMs: e.retryAfterMs }, "ticketing system asks to wait; parking");
        return parkJob(job, token, e.retryAfterMs);
      }
      log.warn(
        { call: call.label, err: (e as Error).message, attempt: job.attemptsMade + 1 },
        "write-back failed",
      );
      throw e;
    }
    done.add(call.name);
    await job.updateProgress({ done: [...done] });
  }
  log.info({ calls: calls.map((c) => c.label) }, "ticket notified");
  return { delivered: calls.map((c) => c.name) };
}
