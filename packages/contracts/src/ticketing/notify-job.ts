import { z } from "zod";
import { STEP_IDS } from "../steps";

/** What a ticket hears about its deployment. */
/** `failed_assurance`: deployed, but the site's SLEs stayed below threshold over the soak window. */
export const NOTIFY_EVENTS = ["accepted", "step_failed", "succeeded", "failed", "failed_assurance"] as const;
export const NotifyEvent = z.enum(NOTIFY_EVENTS);
export type NotifyEvent = z.infer<typeof NotifyEvent>;

/**
 * Payload of a `notify` job. Like step jobs it holds ids only: the message is rendered from the
 * deployment record when the job runs, and credentials come from the notify worker's config.
 */
export const NotifyJobData = z.strictObject({
  deployment_id: z.string().regex(/^dep-[0-9a-f]{24}$/),
  event: NotifyEvent,
  /** The step that failed, for `step_failed` and `failed`. */
  step: z.enum(STEP_IDS).optional(),
});
export type NotifyJobData = z.infer<typeof NotifyJobData>;
