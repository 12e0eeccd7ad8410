import { readFileSync } from "node:fs";
import { z } from "zod";

export const TokenEntry = z.object({
  alias: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 letters, digits, _ . -"),
  token: z.string().min(8, "is too short to be a Mist token"),
});
export type TokenEntry = z.infer<typeof TokenEntry>;

/**
 * Which Mist tokens serve which org. Several org tokens for one org form a pool (each has its own
 * 5,000/hour budget); `default` serves orgs not listed.
 */
export const TokensConfig = z
  .object({
    orgs: z.record(z.string(), z.array(TokenEntry).min(1)).default({}),
    default: z.array(TokenEntry).default([]),
  })
  .superRefine((cfg, ctx) => {
    const byAlias = new Map<string, string>();
    for (const entry of [...cfg.default, ...Object.values(cfg.orgs).flat()]) {
      const seen = byAlias.get(entry.alias);
      if (seen !== undefined && seen !== entry.token) {
        ctx.addIssue({
          code: "custom",
          path: ["orgs"],
          message: `alias ${entry.alias} names two different tokens`,
        });
      }
      byAlias.set(entry.alias, entry.token);
    }
  });
export type TokensConfig = z.infer<typeof TokensConfig>;

export class TokensConfigError extends Error {
  override name = "TokensConfigError";
}

/** From `MIST_TOKENS_FILE` (JSON) or a single `MIST_API_TOKEN`; errors name the field, never a token. */
export function loadTokensConfig(source: { file?: string; token?: string; alias?: string }): TokensConfig {
  if (source.file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(source.file, "utf8"));
    } catch (e) {
      throw new TokensConfigError(`MIST_TOKENS_FILE ${source.file}: ${(e as Error).message}`);
    }
    const parsed = TokensConfig.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new TokensConfigError(`MIST_TOKENS_FILE ${source.file}: ${issues.join("; ")}`);
    }
    return parsed.data;
  }
  if (source.token) return { orgs: {}, default: [{ alias: source.alias ?? "default", token: source.token }] };
  return { orgs: {}, default: [] };
}
