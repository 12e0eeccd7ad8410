import {
  type BlueprintRef,
  type DeploymentRequest,
  type DeploymentStatus,
  type DeploymentView,
  STEP_IDS,
  type StepId,
  type StepStatus,
} from "@mistflow/contracts";

/** The deployment hash ↔ its view: what the store writes at create and how it reads it back. */

export interface NewDeployment {
  id: string;
  idempotencyKey: string;
  requestDigest: string;
  request: DeploymentRequest;
  blueprint: BlueprintRef;
  /** Optional steps this deployment does not have (no job is enqueued for them), with the reason. */
  skipped?: Partial<Record<StepId, string>>;
  /** The caller passed its own Mist token; without one, workers skip looking for it. */
  callerToken?: boolean;
}

export const stepField = (step: StepId) => `step:${step}`;

const PENDING_STEP = '{"state":"pending","attempts":0,"mist_ids":{}}';

/**
 * Step states are written only by this package (JSON.stringify of a StepStatus, or the Lua
 * scripts' cjson): the worker path trusts them instead of running zod over 14 of them per step.
 */
export const trustedStep = (raw: string): StepStatus => {
  const step = JSON.parse(raw) as StepStatus;
  step.mist_ids ??= {};
  return step;
};

/** The hash of a new deployment, and the view it reads back as (so create needs no read). */
export function newRecord(
  input: NewDeployment,
  now: Date,
): { fields: Record<string, string>; view: DeploymentView } {
  const initial = (s: StepId): StepStatus => {
    const note = input.skipped?.[s];
    return note === undefined
      ? { state: "pending", attempts: 0, mist_ids: {} }
      : { state: "skipped", attempts: 0, mist_ids: {}, note };
  };
  const steps = Object.fromEntries(STEP_IDS.map((s) => [s, initial(s)])) as Record<StepId, StepStatus>;
  const at = now.toISOString();
  const fields: Record<string, string> = {
    id: input.id,
    status: "queued",
    org_id: input.request.org_id,
    site_name: input.request.site.name,
    idempotency_key: input.idempotencyKey,
    request_digest: input.requestDigest,
    request: JSON.stringify(input.request),
    blueprint: JSON.stringify(input.blueprint),
    created_at: at,
    created_ms: String(now.getTime()),
    updated_at: at,
    enqueued: "0",
    caller_token: input.callerToken ? "1" : "0",
    ...Object.fromEntries(STEP_IDS.map((s) => [stepField(s), JSON.stringify(steps[s])])),
  };
  const view: DeploymentView = {
    id: input.id,
    status: "queued",
    org_id: input.request.org_id,
    site_name: input.request.site.name,
    blueprint: input.blueprint,
    idempotency_key: input.idempotencyKey,
    created_at: at,
    updated_at: at,
    steps,
    request: input.request,
  };
  return { fields, view };
}

/** The view of a record hash; `parseStep` is zod for the API, {@link trustedStep} for workers. */
export function toView(
  h: Record<string, string>,
  parseStep: (raw: string) => StepStatus,
  request: DeploymentRequest,
): DeploymentView {
  const steps = Object.fromEntries(
    STEP_IDS.map((s) => [s, parseStep(h[stepField(s)] ?? PENDING_STEP)]),
  ) as Record<StepId, StepStatus>;
  return {
    id: h.id ?? "",
    status: h.status as DeploymentStatus,
    org_id: h.org_id ?? "",
    site_name: h.site_name ?? "",
    blueprint: JSON.parse(h.blueprint ?? "{}") as BlueprintRef,
    idempotency_key: h.idempotency_key ?? "",
    created_at: h.created_at ?? "",
    updated_at: h.updated_at ?? "",
    ...(h.finished_at ? { finished_at: h.finished_at } : {}),
    steps,
    ...(h.error ? { error: JSON.parse(h.error) as DeploymentView["error"] } : {}),
    ...(h.decommission_id ? { decommission_id: h.decommission_id } : {}),
    request,
  };
}
