import { z } from "zod";
import { positiveIntEnv } from "./load-env";

/** How a process reaches Mist; the workers need it, the API only for the connection probe. */
export const MistEnv = z.object({
  MIST_BASE_URL: z.url().default("http://127.0.0.1:8090"),
  /** One token for every org; MIST_TOKENS_FILE maps orgs to token pools instead. */
  MIST_API_TOKEN: z.string().min(8).optional(),
  MIST_TOKEN_ALIAS: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default("default"),
  MIST_TOKENS_FILE: z.string().optional(),
  MIST_TIMEOUT_MS: positiveIntEnv.default(30_000),
  /** Share of Mist's 5,000 calls/hour this deployment may spend per token; the rest is for humans. */
  MIST_RATE_BUDGET: positiveIntEnv.default(4_500),
  MIST_RATE_WINDOW_MS: positiveIntEnv.default(3_600_000),
  MIST_RATE_BURST: positiveIntEnv.default(100),
  /**
   * The end of each window in which a call also counts in the next one, because it may reach
   * Mist after the turn (taken back once its answer is in). Default: a tenth of the window, ≤ 5 s.
   */
  MIST_RATE_GUARD_MS: positiveIntEnv.optional(),
});
export type MistEnv = z.infer<typeof MistEnv>;
