import type { Cluster, Redis } from "ioredis";
import type { CallInfo } from "../core/types";
import { TokenPool } from "./token-pool";
import { loadTokensConfig } from "./tokens-config";

/** The `MIST_*` settings every process reads the same way (see MistEnv in @mistflow/config). */
export interface MistSettings {
  MISTFLOW_PREFIX: string;
  MIST_BASE_URL: string;
  MIST_API_TOKEN?: string | undefined;
  MIST_TOKEN_ALIAS: string;
  MIST_TOKENS_FILE?: string | undefined;
  MIST_TIMEOUT_MS: number;
  MIST_RATE_BUDGET: number;
  MIST_RATE_WINDOW_MS: number;
  MIST_RATE_BURST: number;
  MIST_RATE_GUARD_MS?: number | undefined;
}

/** The process's token pool, or undefined when no token is configured at all. */
export function tokenPoolFromEnv(
  env: MistSettings,
  redis: Redis | Cluster,
  hooks: { onCall?: (info: CallInfo) => void } = {},
): TokenPool | undefined {
  const tokens = loadTokensConfig({
    file: env.MIST_TOKENS_FILE,
    token: env.MIST_API_TOKEN,
    alias: env.MIST_TOKEN_ALIAS,
  });
  if (tokens.default.length === 0 && Object.keys(tokens.orgs).length === 0) return undefined;
  return new TokenPool(tokens, {
    redis,
    baseUrl: env.MIST_BASE_URL,
    // Inside the deployment's hash tag, so budgets live in the same cluster slot as everything else.
    prefix: `${env.MISTFLOW_PREFIX}:`,
    budget: env.MIST_RATE_BUDGET,
    windowMs: env.MIST_RATE_WINDOW_MS,
    burst: env.MIST_RATE_BURST,
    ...(env.MIST_RATE_GUARD_MS !== undefined ? { guardMs: env.MIST_RATE_GUARD_MS } : {}),
    timeoutMs: env.MIST_TIMEOUT_MS,
    userAgent: "mistflow/0.1",
    ...(hooks.onCall ? { onCall: hooks.onCall } : {}),
  });
}
