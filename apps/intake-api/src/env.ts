import { AssuranceEnv, BaseEnv, MistEnv, portEnv, positiveIntEnv, RetryEnv } from "@mistflow/config";
import { z } from "zod";

export const IntakeEnv = BaseEnv.extend(MistEnv.shape)
  // The default threshold of `GET /v1/sites/:id/health`, the same variable as the workers'.
  .extend(AssuranceEnv.pick({ ASSURANCE_THRESHOLD: true }).shape)
  // The API queues ticket write-backs and PSK rotations too, with the same retries as the workers.
  .extend(RetryEnv.shape)
  .extend({
    PORT: portEnv.default(3000),
    HOST: z.string().default("0.0.0.0"),
    BLUEPRINTS_DIR: z.string().default("examples/blueprints"),
    IPAM_CONFIG_FILE: z.string().optional(),
    /** Bull Board has no auth of its own; without credentials it is not mounted at all. */
    BOARD_USERNAME: z.string().min(1).optional(),
    BOARD_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    BODY_LIMIT_BYTES: positiveIntEnv.default(1_048_576),
    /** JSON list of {name, scopes, sha256}; `mistflow key new` makes entries. MISTFLOW_API_KEYS holds the same JSON inline. */
    API_KEYS_FILE: z.string().optional(),
    MISTFLOW_API_KEYS: z.string().optional(),
    API_RATE_LIMIT_PER_MIN: positiveIntEnv.default(600),
    /** 32 bytes, base64: enables `X-Mist-API-Key` (callers' own tokens, stored AES-256-GCM encrypted). */
    MIST_TOKEN_ENCRYPTION_KEY: z.string().optional(),
    CALLER_TOKEN_TTL_S: positiveIntEnv.default(86_400),
    STEP_ATTEMPTS: positiveIntEnv.max(50).default(5),
    STEP_BACKOFF_MS: positiveIntEnv.default(2_000),
    /** Blueprint used by the older `/orchestrator/deploy-full-stack` shape, which has no such field. */
    LEGACY_BLUEPRINT: z.string().default("retail-branch"),
    SHUTDOWN_GRACE_MS: positiveIntEnv.default(10_000),
    /** API processes sharing the port (node:cluster); one per core the container is given. */
    INTAKE_PROCESSES: positiveIntEnv.max(64).default(1),
    /**
     * Ticketing webhook sources (Jira, ServiceNow, Standard Webhooks): mapping, trigger, write-back.
     * Its secrets are named there and read from this process's environment at startup.
     */
    WEBHOOKS_CONFIG_FILE: z.string().optional(),
    /** PSK rotation sinks (JSON `{"sinks": {name: {url, secret_env}}}`); the API reads only their names. */
    PSK_SINKS_FILE: z.string().optional(),
    /**
     * How long a decommissioned site's IP block stays held before another site may get it, when
     * the request names no `quarantine_seconds`. Seven days outlasts the DHCP leases we deploy.
     */
    DECOMMISSION_QUARANTINE_S: z.coerce
      .number()
      .int()
      .min(0)
      .max(90 * 86_400)
      .default(7 * 86_400),
    PSK_SINKS: z.string().optional(),
    /**
     * The official Mist OpenAPI spec (mist.openapi.yaml) the blueprint lint checks bodies against;
     * absent, the CI copy `../shared/mist-openapi/mist.openapi.yaml` next to the repository if there.
     */
    MIST_OPENAPI_SPEC: z.string().trim().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (!!env.BOARD_USERNAME !== !!env.BOARD_PASSWORD) {
      ctx.addIssue({
        code: "custom",
        path: ["BOARD_PASSWORD"],
        message: "BOARD_USERNAME and BOARD_PASSWORD go together",
      });
    }
  });
export type IntakeEnv = z.infer<typeof IntakeEnv>;
