import { z } from "zod";

// Empty strings count as unset, so `MIST_SIM_PORT=` in a compose file falls back to the default.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  MIST_SIM_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  MIST_SIM_HOST: optional(z.string()),
  MIST_SIM_SEED: optional(z.string()),
  MIST_SIM_RATE_LIMIT: optional(z.string()),
  MIST_SIM_FAULT_SEED: optional(z.coerce.number().int()),
  /** Path to a JSON array of fault specs installed at startup. */
  MIST_SIM_FAULTS: optional(z.string()),
  MIST_SIM_UPGRADE_PHASE_MS: optional(z.coerce.number().int().min(1)),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parse the simulator's env once, at the entry point. Throws with every invalid variable named. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) throw new Error(`invalid environment:\n${z.prettifyError(result.error)}`);
  return result.data;
}
