import { z } from "zod";
import { DeploymentStatus, StepError, StepState } from "../deployment/record";
import { STEP_IDS } from "../steps";

/**
 * Server-Sent Events of `GET /v1/deployments/:id/events`, by SSE event name. `step`: a step
 * changed state; `status`: the deployment did; `end`: the last event before the server closes.
 */
export const StepEvent = z.object({
  deployment_id: z.string(),
  step: z.enum(STEP_IDS),
  title: z.string(),
  state: StepState,
  attempts: z.number().int().nonnegative(),
  /** When the transition happened, as the record has it (ISO). */
  at: z.string().optional(),
  note: z.string().optional(),
  error: StepError.optional(),
});
export type StepEvent = z.infer<typeof StepEvent>;

export const StatusEvent = z.object({
  deployment_id: z.string(),
  status: DeploymentStatus,
  at: z.string().optional(),
});
export type StatusEvent = z.infer<typeof StatusEvent>;

export const EndEvent = z.object({
  deployment_id: z.string(),
  status: DeploymentStatus,
  error: z.object({ step: z.enum(STEP_IDS), message: z.string() }).optional(),
  finished_at: z.string().optional(),
});
export type EndEvent = z.infer<typeof EndEvent>;

export const DEPLOYMENT_EVENT_NAMES = ["step", "status", "end"] as const;
export type DeploymentEventName = (typeof DEPLOYMENT_EVENT_NAMES)[number];
