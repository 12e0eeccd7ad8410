import type { RedisClient } from "@mistflow/config";
import { SecretBox, SecretBoxError } from "./secret-box";

export class CallerTokenError extends Error {
  override name = "CallerTokenError";
}

/** A 32-byte key, given base64 (standard or url-safe) in `MIST_TOKEN_ENCRYPTION_KEY`. */
export function parseEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32)
    throw new CallerTokenError("MIST_TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return key;
}

/**
 * Mist tokens that a caller passed with one deployment (the older `X-Mist-API-Key` style). They
 * are kept only sealed in a {@link SecretBox} (AES-256-GCM, a fresh IV each, the deployment id as
 * associated data so a value cannot be replayed under another deployment) and expire with a TTL.
 * Job data, records, logs and Bull Board never see them.
 */
export class CallerTokenStore {
  /** Absent in a process that cannot decrypt: it can still tell that a token is there. */
  private readonly box: SecretBox | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    key: Buffer | undefined,
    private readonly ttlSeconds = 86_400,
  ) {
    this.box = key ? new SecretBox(key) : undefined;
  }

  private redisKey(deploymentId: string) {
    return `${this.prefix}:caller-token:${deploymentId}`;
  }

  async put(deploymentId: string, token: string): Promise<void> {
    if (!this.box)
      throw new CallerTokenError("no MIST_TOKEN_ENCRYPTION_KEY: cannot keep a caller's Mist token");
    await this.redis.set(
      this.redisKey(deploymentId),
      this.box.seal(token, deploymentId),
      "EX",
      this.ttlSeconds,
    );
  }

  /** The token, or undefined when none was given or it expired. A tampered value throws. */
  async get(deploymentId: string): Promise<string | undefined> {
    const value = await this.redis.get(this.redisKey(deploymentId));
    if (value === null) return undefined;
    if (!this.box) {
      throw new CallerTokenError(
        `deployment ${deploymentId} carries its own Mist token, but this process has no MIST_TOKEN_ENCRYPTION_KEY`,
      );
    }
    try {
      return this.box.open(value, deploymentId);
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e;
      throw new CallerTokenError(
        `the stored Mist token of ${deploymentId} does not decrypt (wrong key or tampered)`,
      );
    }
  }
}
