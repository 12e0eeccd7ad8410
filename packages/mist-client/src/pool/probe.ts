import { isMistForbiddenError } from "../errors";
import type { LimiterUsage } from "../limiter";
import { type PreflightReport, runPreflight } from "../preflight";
import { NoTokenError, type TokenPool } from "./token-pool";

export interface TokenProbe {
  alias: string;
  ok: boolean;
  kind?: "org" | "user";
  role?: string | null;
  problem?: string;
  /** Mist answered 403 to `GET /self` (a source-address policy, docs/preflight.md). */
  forbidden?: boolean;
  mist_usage?: { requests: number; request_limit: number; seconds: number };
  budget?: LimiterUsage;
}

export interface ProbeReport {
  org_id: string;
  ok: boolean;
  tokens: TokenProbe[];
  /** What the org enforces that would trip a deployment or a firmware wave (docs/preflight.md). */
  preflight: PreflightReport;
}

const WRITE_ROLES = new Set(["admin", "write"]);

/**
 * The "Mist connection" check: each token of the org must be valid (`GET /self`) and hold write
 * privilege on it; `GET /self/usage` shows what Mist has counted this hour next to our own
 * budget. Two calls per token, then the pre-flight's reads. Problems are reported by token alias,
 * never by value.
 */
export async function probeOrg(pool: TokenPool, orgId: string): Promise<ProbeReport> {
  const entries = pool.entriesFor(orgId);
  if (entries.length === 0) throw new NoTokenError(`no Mist token is configured for org ${orgId}`);
  const budgets = new Map((await pool.usage(orgId)).map(({ alias, ...u }) => [alias, u]));
  const tokens = await Promise.all(
    entries.map(async ({ alias }): Promise<TokenProbe> => {
      const client = pool.clientByAlias(orgId, alias);
      const budget = budgets.get(alias);
      if (!client) return { alias, ok: false, problem: "not configured" };
      try {
        const self = await client.self.getSelf();
        const privilege = self.privileges.find(
          (p) => (p.scope === "org" && p.org_id === orgId) || p.scope === "msp" || p.scope === "orggroup",
        );
        const role = privilege?.role ?? null;
        const usage = await client.self.getUsage();
        const writable = role !== null && WRITE_ROLES.has(role);
        return {
          alias,
          ok: writable,
          kind: self.email ? "user" : "org",
          role,
          ...(writable
            ? {}
            : { problem: role ? `role ${role} cannot write to this org` : "no privilege on this org" }),
          mist_usage: {
            requests: usage.requests,
            request_limit: usage.request_limit,
            seconds: usage.seconds,
          },
          ...(budget ? { budget } : {}),
        };
      } catch (e) {
        return {
          alias,
          ok: false,
          problem: (e as Error).message,
          ...(isMistForbiddenError(e) ? { forbidden: true } : {}),
          ...(budget ? { budget } : {}),
        };
      }
    }),
  );
  const preflight = await runPreflight((alias) => pool.clientByAlias(orgId, alias), orgId, tokens);
  return { org_id: orgId, ok: tokens.some((t) => t.ok), tokens, preflight };
}
