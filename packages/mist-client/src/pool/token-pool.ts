import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { MistClient } from "../client";
import type { CallInfo } from "../core/types";
import { type LimiterUsage, RedisCallLimiter } from "../limiter";
import type { TokenEntry, TokensConfig } from "./tokens-config";

export interface TokenPoolOptions {
  redis: Redis | Cluster;
  baseUrl: string;
  /** Key prefix of the shared budgets; keep it inside the deployment's hash tag. */
  prefix: string;
  budget: number;
  windowMs: number;
  burst: number;
  /** See RedisCallLimiterOptions.guardMs; its default when absent. */
  guardMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  /** Sees every HTTP attempt of every client in the pool (metrics); must not throw or block. */
  onCall?: (info: CallInfo) => void;
}

export class NoTokenError extends Error {
  override name = "NoTokenError";
}
export const isNoTokenError = (e: unknown): e is NoTokenError =>
  e instanceof Error && e.name === "NoTokenError";

interface Member {
  entry: TokenEntry;
  client: MistClient;
  limiter: RedisCallLimiter;
}

/**
 * Mist clients for every configured token, each drawing on its own budget in Redis that every
 * process shares. For an org with several tokens, `clientFor` hands out the one with the most
 * budget left, so a pool of N org tokens spends N × 5,000 calls an hour.
 */
export class TokenPool {
  private readonly members = new Map<string, Member>();

  constructor(
    private readonly config: TokensConfig,
    private readonly opts: TokenPoolOptions,
  ) {}

  entriesFor(orgId: string): TokenEntry[] {
    return this.config.orgs[orgId] ?? this.config.default;
  }

  private member(entry: TokenEntry): Member {
    let m = this.members.get(entry.alias);
    if (!m) {
      const limiter = new RedisCallLimiter(this.opts.redis, {
        token: entry.token,
        prefix: this.opts.prefix,
        budget: this.opts.budget,
        windowMs: this.opts.windowMs,
        burst: this.opts.burst,
        ...(this.opts.guardMs !== undefined ? { guardMs: this.opts.guardMs } : {}),
      });
      const client = new MistClient({
        baseUrl: this.opts.baseUrl,
        token: entry.token,
        tokenAlias: entry.alias,
        limiter,
        ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
        ...(this.opts.userAgent ? { userAgent: this.opts.userAgent } : {}),
        ...(this.opts.onCall ? { onCall: this.opts.onCall } : {}),
      });
      m = { entry, client, limiter };
      this.members.set(entry.alias, m);
    }
    return m;
  }

  /** The org's client with the most budget left (not cooling down after a 429, if any is not). */
  async clientFor(orgId: string): Promise<MistClient> {
    const entries = this.entriesFor(orgId);
    const [first] = entries;
    if (!first) throw new NoTokenError(`no Mist token is configured for org ${orgId}`);
    if (entries.length === 1) return this.member(first).client;
    const scored = await Promise.all(
      entries.map(async (entry) => {
        const m = this.member(entry);
        const u = await m.limiter.usage();
        return { m, score: u.coolingDownForMs > 0 ? -1 : u.budget - u.used };
      }),
    );
    scored.sort((a, b) => b.score - a.score);
    return (scored[0] ?? { m: this.member(first) }).m.client;
  }

  /**
   * A client for a token a caller supplied with one deployment. Its budget is keyed by the token
   * like any other, so two deployments passing the same token share it.
   */
  clientForToken(token: string): MistClient {
    const alias = `caller-${createHash("sha256").update(token).digest("hex").slice(0, 8)}`;
    return this.member({ alias, token }).client;
  }

  /** Budget accounting per alias, for the probe and metrics. */
  async usage(orgId: string): Promise<Array<{ alias: string } & LimiterUsage>> {
    return Promise.all(
      this.entriesFor(orgId).map(async (entry) => ({
        alias: entry.alias,
        ...(await this.member(entry).limiter.usage()),
      })),
    );
  }

  /** Budget accounting of every configured token (not callers' own), once per alias: for /metrics. */
  async usageByAlias(): Promise<Array<{ alias: string } & LimiterUsage>> {
    const entries = new Map<string, TokenEntry>();
    for (const entry of [...this.config.default, ...Object.values(this.config.orgs).flat()])
      if (!entries.has(entry.alias)) entries.set(entry.alias, entry);
    return Promise.all(
      [...entries.values()].map(async (entry) => ({
        alias: entry.alias,
        ...(await this.member(entry).limiter.usage()),
      })),
    );
  }

  clientByAlias(orgId: string, alias: string): MistClient | undefined {
    const entry = this.entriesFor(orgId).find((e) => e.alias === alias);
    return entry ? this.member(entry).client : undefined;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.members.values()].map((m) => m.client.close()));
  }
}
