import { createHmac } from "node:crypto";
import { equalBytes } from "./constant-time";
import { rejected, type Verification, verified } from "./verification";

/** 32 bytes in base64 (or base64url), padded or not. */
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * ServiceNow has no webhook signing of its own; a Business Rule signs the body with
 * `GlideCertificateEncryption.generateMac(base64(secret), "HmacSHA256", body)`, which answers in
 * base64 (not hex). A `sha256=` prefix is tolerated for senders that add one.
 */
export function verifyBase64Hmac(
  raw: Buffer,
  header: string | undefined,
  secret: string,
  headerName: string,
): Verification {
  if (header === undefined || header === "") return rejected(`missing ${headerName}`);
  const value = header.trim().replace(/^sha256=/i, "");
  if (!BASE64.test(value)) return rejected(`${headerName} is not a base64 HMAC-SHA256`);
  const expected = createHmac("sha256", secret).update(raw).digest();
  // Node's base64 decoder reads the URL-safe alphabet too.
  return equalBytes(Buffer.from(value, "base64"), expected)
    ? verified
    : rejected(`${headerName} does not match the body`);
}

export const base64Hmac = (raw: Buffer | string, secret: string): string =>
  createHmac("sha256", secret).update(raw).digest("base64");
