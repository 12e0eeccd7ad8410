import { z } from "zod";
import { positiveIntEnv } from "./load-env";

/**
 * First backoff of the jobs both the API and the workers queue outside a deployment's flow. The
 * defaults suit real outages (a ticketing system or a PSK sink down for minutes); test stacks
 * shorten them, as they do `STEP_BACKOFF_MS`, instead of waiting out production delays.
 */
export const RetryEnv = z.object({
  /** Ticket write-backs: 8 attempts, doubling from here (5 s spans about 20 minutes). */
  NOTIFY_BACKOFF_MS: positiveIntEnv.default(5_000),
  /** PSK rotation and old-passphrase expiry: 8 attempts, doubling from here. */
  PSK_ROTATION_BACKOFF_MS: positiveIntEnv.default(5_000),
});
export type RetryEnv = z.infer<typeof RetryEnv>;
