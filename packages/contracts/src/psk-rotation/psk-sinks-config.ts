import { z } from "zod";

/**
 * `PSK_SINKS_FILE` (or `PSK_SINKS`, the same JSON inline): where new passphrases go. A rotation
 * names a sink; the secret that signs deliveries is named by environment variable, so the file
 * can be reviewed and committed, and a request never carries it.
 */
export const SinkName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1-63 of a-z 0-9 _ -");

export const PskSinkConfig = z.strictObject({
  type: z.literal("webhook").default("webhook"),
  url: z.url().refine((u) => /^https?:/.test(u), "must be an http(s) URL"),
  /** Env var holding the Standard Webhooks secret (`whsec_<base64>`, 16-128 bytes). */
  secret_env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an environment variable name"),
});
export type PskSinkConfig = z.infer<typeof PskSinkConfig>;

export const PskSinksConfig = z.strictObject({ sinks: z.record(SinkName, PskSinkConfig) });
export type PskSinksConfig = z.infer<typeof PskSinksConfig>;

export class PskSinksConfigError extends Error {
  override name = "PskSinksConfigError";
}
export const isPskSinksConfigError = (e: unknown): e is PskSinksConfigError =>
  e instanceof Error && e.name === "PskSinksConfigError";

/** The sinks in `json`, read from `origin`; a bad setting throws naming it and the field. */
export function parsePskSinksConfig(json: unknown, origin: string): PskSinksConfig {
  const parsed = PskSinksConfig.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new PskSinksConfigError(
    `${origin}: ${parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ")}`,
  );
}
