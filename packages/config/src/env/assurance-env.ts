import { z } from "zod";

const seconds = z.coerce.number().positive("must be a positive number of seconds");

/**
 * Defaults of the SLE assurance step (workers) and of `GET /v1/sites/:id/health` (intake);
 * a blueprint's or a deployment's `assurance` settings win over them.
 */
export const AssuranceEnv = z.object({
  /** How long after late binding the site's SLEs are watched. */
  ASSURANCE_SOAK_S: seconds.default(1_800),
  /** Seconds between two looks at them; fractions allowed (the test stack uses 0.5). */
  ASSURANCE_POLL_S: seconds.default(60),
  /** Success fraction every SLE metric must reach, unless a blueprint or request says otherwise. */
  ASSURANCE_THRESHOLD: z.coerce
    .number()
    .min(0, "must be between 0 and 1")
    .max(1, "must be between 0 and 1")
    .default(0.9),
});
export type AssuranceEnv = z.infer<typeof AssuranceEnv>;
