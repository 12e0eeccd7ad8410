import { BaseEnv, positiveIntEnv } from "@mistflow/config";
import { z } from "zod";

/**
 * The notify worker (`--domain notify`) talks to ticketing systems, not to Mist: it needs no
 * Mist token, only the webhooks config and the write-back credentials that config names.
 */
export const NotifyEnv = BaseEnv.extend({
  /** The intake's `WEBHOOKS_CONFIG_FILE`; its `write_back` sections say where events go. */
  WEBHOOKS_CONFIG_FILE: z.string().optional(),
  WORKER_CONCURRENCY: positiveIntEnv.max(100).default(5),
  /** Per vendor call; a slow Jira must not hold a worker slot for long. */
  NOTIFY_TIMEOUT_MS: positiveIntEnv.default(10_000),
  SHUTDOWN_GRACE_MS: positiveIntEnv.default(25_000),
});
export type NotifyEnv = z.infer<typeof NotifyEnv>;
