import { BaseEnv, positiveIntEnv } from "@mistflow/config";
import { DOMAINS } from "@mistflow/contracts";
import { z } from "zod";

export const WorkersEnv = BaseEnv.extend({
  WORKER_DOMAIN: z.enum(DOMAINS).optional(),
  WORKER_CONCURRENCY: positiveIntEnv.max(100).default(5),
  SHUTDOWN_GRACE_MS: positiveIntEnv.default(25_000),
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
  /** How long org objects verified in Mist are trusted without another look (steps 3-13). */
  CATALOG_TTL_S: positiveIntEnv.default(900),
  /** How long one listing of the org's sites serves site lookups. */
  SITE_DIRECTORY_TTL_S: positiveIntEnv.default(300),
  IPAM_CONFIG_FILE: z.string().optional(),
  /** JSON file of named secrets (PSK passphrases); env `MISTFLOW_SECRET_<NAME>` works too. */
  SECRETS_FILE: z.string().optional(),
}).superRefine((env, ctx) => {
  if (!env.MIST_API_TOKEN && !env.MIST_TOKENS_FILE) {
    ctx.addIssue({
      code: "custom",
      path: ["MIST_API_TOKEN"],
      message: "set MIST_API_TOKEN or MIST_TOKENS_FILE",
    });
  }
});
export type WorkersEnv = z.infer<typeof WorkersEnv>;
