import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/**
 * AES-256-GCM for a secret that must sit in Redis for a while (as caller tokens do): a fresh IV
 * per value, and associated data binding the value to its owner so it cannot be replayed under
 * another id. `fingerprint` is an HMAC under a key derived apart from the encryption key: it lets
 * a later job recognise the secret without Redis ever holding anything that can be read back.
 */
export class SecretBox {
  private readonly macKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError("the encryption key must be 32 bytes");
    this.macKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "mistflow fingerprint", 32));
  }

  /** From a base64 (standard or url-safe) env value; `name` is what errors call it. */
  static fromBase64(name: string, base64: string): SecretBox {
    const key = Buffer.from(base64, "base64");
    if (key.length !== 32) throw new SecretBoxError(`${name} must be 32 bytes, base64-encoded`);
    return new SecretBox(key);
  }

  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
  }

  /** Throws when the value was made with another key, for another owner, or altered. */
  open(value: string, owner: string): string {
    const raw = Buffer.from(value, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(owner));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError(`the sealed secret of ${owner} does not decrypt (wrong key or tampered)`);
    }
  }

  fingerprint(secret: string): string {
    return createHmac("sha256", this.macKey).update(secret, "utf8").digest("base64url");
  }
}
