import { z } from "zod";

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Body of `POST /__sim/faults`. Strict, so a typo in a test's fault definition fails loudly. */
export const FaultSpec = z
  .strictObject({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "must be an HTTP method")
      .optional(),
    /** Regex tested against the path after `/api/v1`, e.g. `^/orgs/[^/]+/rftemplates$`. */
    path: z.string().min(1).refine(isValidRegex, "must be a valid regular expression"),
    status: z.number().int().min(400).max(599).optional(),
    detail: z.string().optional(),
    times: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    /** Uniform ± spread around `delay_ms` (seeded, clamped at 0), for a latency distribution. */
    jitter_ms: z.number().int().min(0).max(600_000).optional(),
    hang: z.boolean().optional(),
    /**
     * The delay comes after the request took effect: Mist did the work, only its answer is late
     * (or lost, if the client gives up or dies meanwhile). Without it a delayed request that the
     * client abandons never reaches the route.
     */
    delay_after: z.boolean().optional(),
    retry_after_s: z.number().int().min(0).optional(),
  })
  .refine((f) => !f.delay_after || (f.delay_ms !== undefined && !f.hang && f.status === undefined), {
    message: "delay_after needs delay_ms, and no hang or status: the request succeeds, late",
    path: ["delay_after"],
  })
  .refine((f) => !(f.hang && f.status !== undefined), {
    message: "hang and status are exclusive: a hung request never answers",
    path: ["status"],
  });
export type FaultSpec = z.infer<typeof FaultSpec>;

/** A list of faults, as in a `--faults` file or `SimOptions.faults`. */
export const FaultSpecList = z.array(FaultSpec);
