import {
  assuranceEnabled,
  type Blueprint,
  type DeploymentRequest,
  type DeploymentView,
} from "@mistflow/contracts";
import {
  type DeploymentStore,
  deploymentIdFor,
  isSiteTearingDownError,
  naturalIdempotencyKey,
  requestDigest,
} from "@mistflow/deployments";
import type { LintIssue } from "@mistflow/mist-spec";
import { buildDeploymentFlow, enqueueNotify, type StepRetryPolicy } from "@mistflow/queues";
import type { CallerTokenStore } from "@mistflow/secrets";
import type { FlowProducer, Queue } from "bullmq";
import { type BlueprintDeps, resolveBlueprint } from "../blueprints";
import { ApiError, validationError } from "../errors";
import { type LintDeps, lintBlueprint } from "../lint";

export interface SubmitDeps extends BlueprintDeps, LintDeps {
  store: DeploymentStore;
  flows: FlowProducer;
  policy: StepRetryPolicy;
  /** IPAM zone codes a site may name as its region. */
  regions: readonly string[];
  /** The `notify` queue: ticket-sourced deployments report "accepted" once their flow is queued. */
  notify?: Queue;
  /** Retries of those write-backs (`NOTIFY_BACKOFF_MS`); the production default when absent. */
  notifyRetry?: StepRetryPolicy;
  /** Where a caller's own Mist token goes (encrypted); without it `X-Mist-API-Key` is refused. */
  callerTokens?: CallerTokenStore;
}

export interface SubmitResult {
  created: boolean;
  view: DeploymentView;
  /** Unknown properties the blueprint lint found (docs/blueprint-lint.md); the errors were a 422. */
  lintWarnings: LintIssue[];
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:@/+=-]{1,200}$/;

/** Why a deployment has no assurance step, as its record shows it. */
const assuranceOffNote = (request: DeploymentRequest, blueprint: Blueprint) =>
  request.assurance?.enabled === false
    ? "assurance turned off by the request"
    : blueprint.assurance?.enabled === false
      ? "assurance turned off by the blueprint"
      : "no devices assigned, so no SLEs to assure";

/** A site under a decommission takes no new deployment: 409 naming it, nothing recorded. */
async function createRecord(store: DeploymentStore, input: Parameters<DeploymentStore["create"]>[0]) {
  try {
    return await store.create(input);
  } catch (e) {
    if (isSiteTearingDownError(e)) throw new ApiError(409, "site_busy", e.message);
    throw e;
  }
}

/**
 * Record, then enqueue. A record whose flow never made it into BullMQ (Redis dropped in between)
 * is finished by the next identical request, so a client retry after a 503 loses nothing. The
 * ticket's "accepted" note is queued before the record says "enqueued" for the same reason; its
 * job id makes the retry's second add a no-op.
 */
export async function submitDeployment(
  deps: SubmitDeps,
  request: DeploymentRequest,
  idempotencyKey: string | undefined,
  /** The older `X-Mist-API-Key` style: a Mist token for this deployment only. */
  callerMistToken?: string,
): Promise<SubmitResult> {
  if (callerMistToken !== undefined && !deps.callerTokens) {
    throw validationError([
      {
        field: "X-Mist-API-Key",
        message: "is not accepted: this server has no MIST_TOKEN_ENCRYPTION_KEY to keep it safe",
      },
    ]);
  }
  if (callerMistToken !== undefined && !/^\S{8,512}$/.test(callerMistToken)) {
    throw validationError([{ field: "X-Mist-API-Key", message: "must be a Mist API token" }]);
  }
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw validationError([{ field: "Idempotency-Key", message: "must be 1-200 URL-safe characters" }]);
  }
  const blueprint = await resolveBlueprint(deps, request.blueprint, request.blueprint_version);
  if (!deps.regions.includes(request.site.region)) {
    throw validationError(
      [
        {
          field: "site.region",
          message: `unknown IPAM zone "${request.site.region}" (known: ${deps.regions.join(", ")})`,
        },
      ],
      422,
    );
  }
  // Before anything is written: a body Mist would refuse must not become a record or a job.
  const lintWarnings = lintBlueprint(deps, blueprint);
  const key = idempotencyKey ?? naturalIdempotencyKey(request);
  const id = deploymentIdFor(request.org_id, key);
  const digest = requestDigest(request);

  // Decided once, here: the flow's shape depends on it (no assurance job at all when it is off).
  const assurance = assuranceEnabled(request, blueprint.blueprint);

  await deps.store.saveBlueprint(blueprint.ref.digest, blueprint.json);
  const result = await createRecord(deps.store, {
    id,
    idempotencyKey: key,
    requestDigest: digest,
    request,
    blueprint: blueprint.ref,
    callerToken: callerMistToken !== undefined,
    ...(assurance ? {} : { skipped: { assure: assuranceOffNote(request, blueprint.blueprint) } }),
  });
  if (!result.created) {
    if (result.requestDigest !== digest) {
      throw new ApiError(
        409,
        "idempotency_conflict",
        `Idempotency-Key ${key} was already used for a different request (deployment ${id})`,
      );
    }
    if (result.enqueued) return { created: false, view: result.view, lintWarnings };
  }
  // Before the flow: its first steps may start the moment it is added.
  if (callerMistToken !== undefined) {
    // The record tells workers whether to look for a token; an earlier attempt may have had none.
    if (!result.created) await deps.store.markCallerToken(id);
    await deps.callerTokens?.put(id, callerMistToken);
  }
  await deps.flows.add(buildDeploymentFlow(id, deps.policy, { assurance }));
  if (request.ticket && deps.notify) {
    await enqueueNotify(deps.notify, { deployment_id: id, event: "accepted" }, deps.notifyRetry);
  }
  await deps.store.markEnqueued(id);
  return {
    created: result.created,
    view: result.created ? result.view : await deps.store.get(id),
    lintWarnings,
  };
}
