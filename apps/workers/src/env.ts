import { AssuranceEnv, BaseEnv, MistEnv, positiveIntEnv, RetryEnv } from "@mistflow/config";
import { DOMAINS } from "@mistflow/contracts";
import { z } from "zod";

export const WorkersEnv = BaseEnv.extend(MistEnv.shape)
  .extend(AssuranceEnv.shape)
  .extend(RetryEnv.shape)
  .extend({
    WORKER_DOMAIN: z.enum(DOMAINS).optional(),
    WORKER_CONCURRENCY: positiveIntEnv.max(100).default(5),
    SHUTDOWN_GRACE_MS: positiveIntEnv.default(25_000),
    /** BullMQ job lock: after a worker dies (kill -9, node lost), its step runs again this much later. */
    WORKER_LOCK_MS: positiveIntEnv.default(60_000),
    WORKER_STALLED_INTERVAL_MS: positiveIntEnv.default(30_000),
    /** Lease of a find-or-create lock whose holder died; longer than MIST_TIMEOUT_MS by default. */
    FIND_OR_CREATE_LOCK_TTL_MS: positiveIntEnv.optional(),
    /** How long org objects verified in Mist are trusted without another look (steps 3-13). */
    CATALOG_TTL_S: positiveIntEnv.default(900),
    /** How long one listing of the org's sites serves site lookups. */
    SITE_DIRECTORY_TTL_S: positiveIntEnv.default(300),
    IPAM_CONFIG_FILE: z.string().optional(),
    /** JSON file of named secrets (PSK passphrases); env `MISTFLOW_SECRET_<NAME>` works too. */
    SECRETS_FILE: z.string().optional(),
    /** Same key as the intake API's: lets workers use a Mist token a caller sent with a deployment. */
    MIST_TOKEN_ENCRYPTION_KEY: z.string().optional(),
    /** PSK rotation sinks (JSON `{"sinks": {name: {url, secret_env}}}`), as a file or inline. */
    PSK_SINKS_FILE: z.string().optional(),
    PSK_SINKS: z.string().optional(),
    /** 32 bytes, base64: seals a new passphrase until Mist and the sink have it. Default: MIST_TOKEN_ENCRYPTION_KEY. */
    PSK_ENCRYPTION_KEY: z.string().optional(),
    /** Per delivery to a PSK sink. */
    PSK_SINK_TIMEOUT_MS: positiveIntEnv.default(10_000),
    /**
     * Seconds between scheduled drift checks of every org with bound sites (day2 workers run them);
     * 0 turns the schedule off (on-demand checks through the API still work).
     */
    DRIFT_CHECK_INTERVAL_S: z.coerce.number().int().min(0).default(900),
  })
  .superRefine((env, ctx) => {
    if (!env.MIST_API_TOKEN && !env.MIST_TOKENS_FILE) {
      ctx.addIssue({
        code: "custom",
        path: ["MIST_API_TOKEN"],
        message: "set MIST_API_TOKEN or MIST_TOKENS_FILE",
      });
    }
  });
export type WorkersEnv = z.infer<typeof WorkersEnv>;
