import { z } from "zod";
import { STEP_IDS } from "../steps";

/**
 * Payload of every step job. Deliberately tiny: the deployment itself lives in the deployment
 * record, so no site data, token or passphrase ever sits in Redis job data.
 */
export const StepJobData = z.strictObject({
  deployment_id: z.string().regex(/^dep-[0-9a-f]{24}$/),
  step: z.enum(STEP_IDS),
});
export type StepJobData = z.infer<typeof StepJobData>;

export const RootJobData = z.strictObject({
  deployment_id: z.string().regex(/^dep-[0-9a-f]{24}$/),
});
export type RootJobData = z.infer<typeof RootJobData>;
