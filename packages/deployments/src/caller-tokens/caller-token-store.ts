import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { RedisClient } from "@mistflow/config";

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
 * are kept only encrypted (AES-256-GCM, a fresh IV each, the deployment id as associated data so
 * a value cannot be replayed under another deployment) and expire with a TTL. Job data, records,
 * logs and Bull Board never see them.
 */
export class CallerTokenStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Absent in a process that cannot decrypt: it can still tell that a token is there. */
    private readonly key: Buffer | undefined,
    private readonly ttlSeconds = 86_400,
  ) {}

  private redisKey(deploymentId: string) {
    return `${this.prefix}:caller-token:${deploymentId}`;
  }

  async put(deploymentId: string, token: string): Promise<void> {
    if (!this.key)
      throw new CallerTokenError("no MIST_TOKEN_ENCRYPTION_KEY: cannot keep a caller's Mist token");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(deploymentId));
    const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
    const value = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
    await this.redis.set(this.redisKey(deploymentId), value, "EX", this.ttlSeconds);
  }

  /** The token, or undefined when none was given or it expired. A tampered value throws. */
  async get(deploymentId: string): Promise<string | undefined> {
    const value = await this.redis.get(this.redisKey(deploymentId));
    if (value === null) return undefined;
    if (!this.key) {
      throw new CallerTokenError(
        `deployment ${deploymentId} carries its own Mist token, but this process has no MIST_TOKEN_ENCRYPTION_KEY`,
      );
    }
    const raw = Buffer.from(value, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(deploymentId));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new CallerTokenError(
        `the stored Mist token of ${deploymentId} does not decrypt (wrong key or tampered)`,
      );
    }
  }
}
