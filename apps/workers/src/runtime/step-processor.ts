import {
  type AssuranceDefaults,
  Blueprint,
  type DeploymentView,
  type RootJobData,
  type StepId,
  StepJobData,
} from "@mistflow/contracts";
import {
  type BlueprintRegistry,
  type DeploymentStore,
  deploymentBinding,
  isDeploymentNotFoundError,
} from "@mistflow/deployments";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import type { Logger } from "@mistflow/logger";
import type { TokenPool } from "@mistflow/mist-client";
import { attachedFlowAfter, JOB_CATALOG, ROOT_JOB_NAME, type StepRetryPolicy } from "@mistflow/queues";
import type { SecretSource } from "@mistflow/secrets";
import { CallerTokenError, type CallerTokenStore } from "@mistflow/secrets";
import {
  defineJob,
  type JobAttempt,
  type JobSpec,
  type RedisLock,
  rateLimitWaitMs,
  StepFailure,
} from "@mistflow/worker-runtime";
import { type FlowProducer, type Job, type Processor, type Queue, UnrecoverableError } from "bullmq";
import { isAssuranceFailure, isAssuranceWait } from "../assurance";
import type { OrgCatalog, SiteDirectory } from "../catalog";
import { isFirstSiteWait, renewFirstSiteClaim, STEP_HANDLERS, type StepOutcome } from "../steps";
import { notifyAssuranceFailure, notifyStepFailure, notifyTicket } from "./ticket-events";

export interface ProcessorDeps {
  store: DeploymentStore;
  flows: FlowProducer;
  mist: TokenPool;
  callerTokens: CallerTokenStore;
  ipam: { allocator: IpamAllocator; config: IpamConfig };
  lock: RedisLock;
  catalog: OrgCatalog;
  sites: SiteDirectory;
  secrets: SecretSource;
  prefix: string;
  log: Logger;
  /** Ticket write-back of the deployment's end, for deployments that came from a ticket. */
  notify?: Queue;
  /** Retries of those write-backs (`NOTIFY_BACKOFF_MS`); the production default when absent. */
  notifyRetry?: StepRetryPolicy;
  /** `ASSURANCE_*` defaults of the assurance step; the env schema's defaults when absent. */
  assurance?: AssuranceDefaults;
  /** Where late binding records which blueprint version each site now runs. */
  registry?: BlueprintRegistry;
}

const ASSURANCE_DEFAULTS: AssuranceDefaults = { soakS: 1_800, pollS: 60, threshold: 0.9 };

const blueprintCache = new Map<string, Blueprint>();

async function loadBlueprint(deps: ProcessorDeps, view: DeploymentView): Promise<Blueprint> {
  const cached = blueprintCache.get(view.blueprint.digest);
  if (cached) return cached;
  const json = await deps.store.loadBlueprint(view.blueprint.digest);
  if (!json) throw new UnrecoverableError(`blueprint snapshot ${view.blueprint.digest} is missing`);
  const blueprint = Blueprint.parse(JSON.parse(json));
  blueprintCache.set(view.blueprint.digest, blueprint);
  return blueprint;
}

const policyOf = (job: Job): StepRetryPolicy => {
  const backoff = job.opts.backoff;
  return {
    attempts: job.opts.attempts ?? 1,
    backoffMs:
      typeof backoff === "object" && backoff?.delay
        ? backoff.delay
        : typeof backoff === "number"
          ? backoff
          : 1_000,
  };
};

async function completeDeployment(deps: ProcessorDeps, { deployment_id: id }: RootJobData) {
  const succeeded = await deps.store.succeed(id);
  deps.log.info(
    { deployment: id, succeeded },
    succeeded ? "deployment succeeded" : "deployment already ended",
  );
  // Only a deployment that did not just succeed needs a read to know how it ended.
  const status = succeeded ? "succeeded" : await deps.store.status(id);
  // Whether or not this attempt made the transition: a retry after a failed enqueue still notifies.
  if (status === "succeeded") await notifyTicket(deps, id, "succeeded");
  return { deployment_id: id, status };
}

/** What a step's attempt got to, for the record when it fails: the view it read, its log. */
interface StepProgress {
  view?: DeploymentView;
  log?: Logger;
}

async function runStep(
  deps: ProcessorDeps,
  { deployment_id: id, step }: StepJobData,
  job: Job,
  progress: StepProgress,
): Promise<StepOutcome | { skipped: string }> {
  const log = deps.log.child({ deployment: id, step, attempt: job.attemptsMade + 1 });
  progress.log = log;
  let view: DeploymentView;
  let callerToken: boolean | undefined;
  try {
    ({ view, callerToken } = await deps.store.readForStep(id, step));
  } catch (e) {
    if (isDeploymentNotFoundError(e)) throw new UnrecoverableError(`deployment ${id} has no record`);
    throw e;
  }
  if (view.status === "failed" || view.status === "cancelled") {
    const why = view.status === "failed" ? "had already failed" : "was cancelled";
    await deps.store.stepCancelled(id, step, `not run: the deployment ${why}`);
    return { skipped: `deployment ${why}` };
  }
  await deps.store.stepStarted(id, step, job.attemptsMade + 1);
  progress.view = view;
  const outcome = await STEP_HANDLERS[step]({
    step,
    deployment: view,
    blueprint: await loadBlueprint(deps, view),
    orgId: view.org_id,
    mist: await mistFor(deps, id, view.org_id, callerToken),
    ipam: deps.ipam,
    lock: deps.lock,
    catalog: deps.catalog,
    sites: deps.sites,
    secrets: deps.secrets,
    assurance: deps.assurance ?? ASSURANCE_DEFAULTS,
    log,
  });
  // Mist already has the site on these templates; recorded before the step counts as done, so a
  // crash in between re-runs the step (idempotent) rather than losing the binding.
  if (step === "final") await recordBinding(deps, view);
  // Outputs first: an attached successor may start the instant it is added, and reads them.
  await deps.store.stepSucceeded(
    id,
    step,
    outcome.mist_ids,
    outcome.note,
    outcome.assurance ? { assurance: outcome.assurance } : undefined,
  );
  await attachSuccessors(deps, id, step, job);
  // The sites waiting for this deployment's templates keep waiting while they are on their way;
  // a step that found all it needed in the catalogue is not making them.
  if (!outcome.fromCatalog) await renewFirstSiteClaim(deps.catalog, view, step);
  log.info({ note: outcome.note }, "step succeeded");
  return outcome;
}

/**
 * A step in the one job envelope: its own waits (the SLE soak, the first site's templates) park
 * it, and a failure is recorded as the envelope classified it, once the record was read.
 */
function stepJob(deps: ProcessorDeps): JobSpec<typeof StepJobData, StepOutcome | { skipped: string }> {
  const progress: StepProgress = {};
  const logOf = (data: StepJobData, { job }: JobAttempt) =>
    progress.log ??
    deps.log.child({ deployment: data.deployment_id, step: data.step, attempt: job.attemptsMade + 1 });
  return {
    kind: JOB_CATALOG.step,
    run: (data, { job }) => runStep(deps, data, job, progress),
    parkFor: async (e, { deployment_id: id, step }) => {
      if (isAssuranceWait(e)) {
        // The soak window is open: keep its start and the latest look, then wait without a worker.
        await deps.store.stepProgress(id, step, { assurance: e.report });
        progress.log?.debug(
          { waitMs: e.waitMs, polls: e.report.polls },
          "SLE soak window open; parking the step",
        );
        return e.waitMs;
      }
      if (isFirstSiteWait(e)) {
        progress.log?.debug({ waitMs: e.waitMs }, "waiting for the first site's templates; parking the step");
        return e.waitMs;
      }
      return undefined;
    },
    onPark: (data, waitMs, attempt, e) => {
      if (rateLimitWaitMs(e) !== undefined)
        logOf(data, attempt).info({ waitMs }, "Mist rate budget exhausted; parking the step");
    },
    onRetry: async ({ deployment_id: id, step }, error, attempt) => {
      if (progress.view) await deps.store.stepRetrying(id, step, error);
      logOf({ deployment_id: id, step }, attempt).warn(
        { err: error.message, status: error.status, final: false },
        "step failed",
      );
    },
    onFinal: async ({ deployment_id: id, step }, error, attempt, e) => {
      const { view } = progress;
      if (view && isAssuranceFailure(e)) {
        await deps.store.stepFailed(id, step, error, { status: "failed_assurance", report: e.report });
        await notifyAssuranceFailure(deps, view, step);
      } else if (view) {
        await deps.store.stepFailed(id, step, error);
        await notifyStepFailure(deps, view, step);
      }
      logOf({ deployment_id: id, step }, attempt).warn(
        { err: error.message, status: error.status, final: true },
        "step failed",
      );
    },
  };
}

/**
 * Late binding put the site on this deployment's blueprint version: what rollouts and drift
 * detection start from. A retry writes the same binding again.
 */
async function recordBinding(deps: ProcessorDeps, view: DeploymentView) {
  const binding = deploymentBinding(view, new Date().toISOString());
  if (deps.registry && binding) await deps.registry.bind(binding);
}

/** Successors that are not tree parents (2 after 1; 10-13 after 9) join the flow now. */
async function attachSuccessors(deps: ProcessorDeps, id: string, step: StepId, job: Job) {
  const sub = attachedFlowAfter(id, step, policyOf(job), deps.prefix);
  // A cancel removed the root these would hang under; adding them would fail this step.
  if (sub && (await deps.store.status(id)) !== "cancelled") await deps.flows.add(sub);
}

/** The caller's own token when the deployment came with one, else the org's pool. */
async function mistFor(
  deps: ProcessorDeps,
  deploymentId: string,
  orgId: string,
  /** From the record: false means none was given, so there is nothing to look up. */
  given: boolean | undefined,
) {
  if (given === false) return deps.mist.clientFor(orgId);
  let callerToken: string | undefined;
  try {
    callerToken = await deps.callerTokens.get(deploymentId);
  } catch (e) {
    // A token that cannot be decrypted will not decrypt on a retry either.
    if (e instanceof CallerTokenError) throw new StepFailure(e.message);
    throw e;
  }
  return callerToken ? deps.mist.clientForToken(callerToken) : deps.mist.clientFor(orgId);
}

export function createStepProcessor(deps: ProcessorDeps): Processor {
  const complete = defineJob({
    kind: JOB_CATALOG.completeDeployment,
    run: (data) => completeDeployment(deps, data),
  });
  // A fresh step spec per job: it holds what that attempt read, for its failure record.
  return async (job, token) =>
    job.name === ROOT_JOB_NAME ? complete(job, token) : defineJob(stepJob(deps))(job, token);
}

/**
 * Failures where our processor never ran: a prerequisite failed (BullMQ fails the parent for
 * us) or the job was restarted too often. The record must still end in a terminal state.
 */
export async function recordUnprocessedFailure(deps: ProcessorDeps, job: Job, err: Error): Promise<void> {
  if (job.name === ROOT_JOB_NAME) return;
  const parsed = StepJobData.safeParse(job.data);
  if (!parsed.success) return;
  const { deployment_id: id, step } = parsed.data;
  try {
    const current = await deps.store.getStep(id, step);
    if (current.state === "pending") await deps.store.stepCancelled(id, step, `not run: ${err.message}`);
    else if (current.state === "running" && job.finishedOn) {
      await deps.store.stepFailed(id, step, { message: err.message, permanent: true });
      await notifyStepFailure(deps, await deps.store.get(id), step);
    }
  } catch (e) {
    deps.log.warn({ deployment: id, step, err: (e as Error).message }, "could not record failure");
  }
}
