import { readFileSync } from "node:fs";
import { MistClient, RedisCallLimiter } from "@mistflow/mist-client";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { WorkersEnv } from "../env";

const TokenEntry = z.object({ alias: z.string().regex(/^[A-Za-z0-9_.-]+$/), token: z.string().min(8) });
const TokensFile = z.object({
  orgs: z.record(z.string(), z.array(TokenEntry).min(1)).default({}),
  default: z.array(TokenEntry).optional(),
});
type TokenEntry = z.infer<typeof TokenEntry>;

export class NoTokenError extends Error {
  override name = "NoTokenError";
}

/**
 * Mist clients by org. Tokens stay in this process (env or a mounted secrets file); job data and
 * the deployment record only ever name an org. Each token draws from its own Redis-held budget,
 * shared with every other worker process using that token.
 */
export class MistClients {
  private readonly clients = new Map<string, MistClient>();
  private readonly byOrg: Record<string, TokenEntry[]>;
  private readonly fallback: TokenEntry[];

  constructor(
    private readonly env: WorkersEnv,
    private readonly redis: Redis,
  ) {
    const file = env.MIST_TOKENS_FILE
      ? TokensFile.parse(JSON.parse(readFileSync(env.MIST_TOKENS_FILE, "utf8")))
      : undefined;
    this.byOrg = file?.orgs ?? {};
    this.fallback =
      file?.default ??
      (env.MIST_API_TOKEN ? [{ alias: env.MIST_TOKEN_ALIAS, token: env.MIST_API_TOKEN }] : []);
  }

  forOrg(orgId: string): MistClient {
    const entry = (this.byOrg[orgId] ?? this.fallback)[0];
    if (!entry) throw new NoTokenError(`no Mist token is configured for org ${orgId}`);
    let client = this.clients.get(entry.alias);
    if (!client) {
      const limiter = new RedisCallLimiter(this.redis, {
        token: entry.token,
        prefix: `${this.env.MISTFLOW_PREFIX}:`,
        budget: this.env.MIST_RATE_BUDGET,
        windowMs: this.env.MIST_RATE_WINDOW_MS,
        burst: this.env.MIST_RATE_BURST,
      });
      client = new MistClient({
        baseUrl: this.env.MIST_BASE_URL,
        token: entry.token,
        tokenAlias: entry.alias,
        timeoutMs: this.env.MIST_TIMEOUT_MS,
        limiter,
        userAgent: "mistflow/0.1",
      });
      this.clients.set(entry.alias, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.close()));
  }
}
