import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";

const SCOPES = ["deployments:write", "read", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

const ApiKeyEntry = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 letters, digits, _ . -"),
  scopes: z.array(z.enum(SCOPES)).min(1),
  /** SHA-256 of the key, hex. Keys are 32 random bytes, so a fast hash is enough (as for GitHub tokens). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 hex digits"),
});
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;
const ApiKeys = z.array(ApiKeyEntry).superRefine((keys, ctx) => {
  const names = new Set<string>();
  keys.forEach((k, i) => {
    if (names.has(k.name))
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate key name ${k.name}` });
    names.add(k.name);
  });
});

export class ApiKeysConfigError extends Error {
  override name = "ApiKeysConfigError";
}

const digest = (key: string) => createHash("sha256").update(key).digest();

/** A new key and the entry to configure for it; the key itself is shown once and stored nowhere. */
export function newApiKey(name: string, scopes: Scope[]): { key: string; entry: ApiKeyEntry } {
  const key = `mf_${randomBytes(32).toString("base64url")}`;
  return { key, entry: ApiKeyEntry.parse({ name, scopes, sha256: digest(key).toString("hex") }) };
}

/**
 * The API keys this server accepts, held only as hashes. Checking a presented key compares its
 * hash with every entry in constant time, so neither a match nor its position shows in timing.
 */
export class Keyring {
  private readonly entries: Array<ApiKeyEntry & { hash: Buffer }>;

  constructor(entries: ApiKeyEntry[]) {
    this.entries = entries.map((e) => ({ ...e, hash: Buffer.from(e.sha256, "hex") }));
  }

  /** From `API_KEYS_FILE` or the `MISTFLOW_API_KEYS` JSON; undefined when neither is set. */
  static load(source: { file?: string | undefined; json?: string | undefined }): Keyring | undefined {
    const raw = source.file ? readFileSync(source.file, "utf8") : source.json;
    if (raw === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new ApiKeysConfigError(`API keys: not valid JSON: ${(e as Error).message}`);
    }
    const parsed = ApiKeys.safeParse(json);
    if (!parsed.success) {
      throw new ApiKeysConfigError(
        `API keys: ${parsed.error.issues.map((i) => `[${i.path.join(".")}] ${i.message}`).join("; ")}`,
      );
    }
    return new Keyring(parsed.data);
  }

  get size(): number {
    return this.entries.length;
  }

  verify(presented: string): ApiKeyEntry | undefined {
    const hash = digest(presented);
    let found: ApiKeyEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(hash, entry.hash) && !found) found = entry;
    }
    return found;
  }
}

/** `admin` may do everything; other scopes only what they name. */
export const grants = (entry: ApiKeyEntry, scope: Scope): boolean =>
  entry.scopes.includes("admin") ||
  entry.scopes.includes(scope) ||
  (scope === "read" && entry.scopes.includes("deployments:write"));
