import { z } from "zod";
import { DeploymentStatus, StepState } from "../deployment/record";
import { STEP_IDS } from "../steps";

/** Sites per `POST /v1/deployments/batch`: a region's roll-out, small enough to answer in seconds. */
export const BATCH_MAX_SITES = 1_000;

export const BatchRowError = z.object({
  row: z.number().int().nonnegative(),
  line: z.number().int().positive().optional(),
  field: z.string(),
  message: z.string(),
});
export type BatchRowError = z.infer<typeof BatchRowError>;

/** The 422 of a batch with any bad row: every problem of every row, and nothing enqueued. */
export const BatchRejected = z.object({
  error: z.literal("validation_failed"),
  message: z.string(),
  rows: z.array(BatchRowError),
});
export type BatchRejected = z.infer<typeof BatchRejected>;

export const BatchItem = z.object({
  row: z.number().int().positive(),
  line: z.number().int().positive().optional(),
  id: z.string(),
  site_name: z.string(),
  status: DeploymentStatus,
});

/** What `POST /v1/deployments/batch` answers (202, or 200 when the same batch came before). */
export const BatchAccepted = z.object({
  id: z.string(),
  location: z.string(),
  total: z.number().int(),
  /** Deployments this request created; the rest already existed (a resubmitted batch creates none). */
  created: z.number().int(),
  deployments: z.array(BatchItem),
});
export type BatchAccepted = z.infer<typeof BatchAccepted>;

export const BatchDeployment = z.object({
  id: z.string(),
  site_name: z.string(),
  status: DeploymentStatus,
  steps: z.record(z.enum(STEP_IDS), StepState),
  error: z.object({ step: z.enum(STEP_IDS), message: z.string() }).optional(),
  finished_at: z.string().optional(),
});
export type BatchDeployment = z.infer<typeof BatchDeployment>;

/** `GET /v1/batches/:id`: every deployment's status and steps, and totals by status. */
export const BatchView = z.object({
  id: z.string(),
  created_at: z.string(),
  total: z.number().int(),
  totals: z.record(DeploymentStatus, z.number().int()),
  /** Every deployment has ended (succeeded, failed or cancelled). */
  done: z.boolean(),
  deployments: z.array(BatchDeployment),
});
export type BatchView = z.infer<typeof BatchView>;
