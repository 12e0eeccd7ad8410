import { z } from "zod";
import { AssuranceReport } from "../assurance/assurance";
import { STEP_IDS } from "../steps";
import { DeploymentRequest } from "./request";

/** `cancelled`: stopped by `POST /v1/deployments/:id/cancel`; steps not started never start. */
/** `failed_assurance`: every step ran, but the site's SLEs were below threshold at the end of the soak. */
/** `decommissioned`: the site was torn down by a decommission (`decommission_id` on the record). */
export const DEPLOYMENT_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "failed_assurance",
  "decommissioned",
] as const;
export const DeploymentStatus = z.enum(DEPLOYMENT_STATUSES);
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

/** Statuses a deployment never leaves (a retry starts a failed one again, explicitly). */
export const ENDED_STATUSES: ReadonlySet<DeploymentStatus> = new Set<DeploymentStatus>([
  "succeeded",
  "failed",
  "cancelled",
  "failed_assurance",
  "decommissioned",
]);
export const hasEnded = (status: DeploymentStatus): boolean => ENDED_STATUSES.has(status);

/** `cancelled`: never ran because the deployment had already failed elsewhere or was cancelled. */
/** `skipped`: an optional step this deployment does not have (assurance turned off); no job exists. */
export const STEP_STATES = ["pending", "running", "succeeded", "failed", "cancelled", "skipped"] as const;
export const StepState = z.enum(STEP_STATES);
export type StepState = z.infer<typeof StepState>;

export const StepError = z.object({
  message: z.string(),
  /** HTTP status Mist answered, when the failure came from Mist. */
  status: z.number().int().optional(),
  /** Mist's `detail`, verbatim. */
  detail: z.string().optional(),
  permanent: z.boolean(),
});
export type StepError = z.infer<typeof StepError>;

export const StepStatus = z.object({
  state: StepState,
  attempts: z.number().int().nonnegative(),
  started_at: z.iso.datetime().optional(),
  finished_at: z.iso.datetime().optional(),
  /** Mist object ids this step created or found, by object kind. */
  mist_ids: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  error: StepError.optional(),
  note: z.string().optional(),
  /** The assurance step's per-metric report, updated at every look during the soak window. */
  assurance: AssuranceReport.optional(),
});
export type StepStatus = z.infer<typeof StepStatus>;

export const BlueprintRef = z.object({ name: z.string(), version: z.number().int(), digest: z.string() });
export type BlueprintRef = z.infer<typeof BlueprintRef>;

/** What `GET /v1/deployments/:id` answers. */
export const DeploymentView = z.object({
  id: z.string(),
  status: DeploymentStatus,
  org_id: z.string(),
  site_name: z.string(),
  blueprint: BlueprintRef,
  idempotency_key: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finished_at: z.iso.datetime().optional(),
  steps: z.record(z.enum(STEP_IDS), StepStatus),
  error: z.object({ step: z.enum(STEP_IDS), message: z.string() }).optional(),
  /** The decommission that tore the site down (or is tearing it down). */
  decommission_id: z.string().optional(),
  request: DeploymentRequest,
});
export type DeploymentView = z.infer<typeof DeploymentView>;
