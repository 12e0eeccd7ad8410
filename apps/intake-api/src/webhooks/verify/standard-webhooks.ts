import { createHmac } from "node:crypto";
import { equalBytes } from "./constant-time";
import { rejected, type Verification, verified } from "./verification";

/** The three headers of https://www.standardwebhooks.com, as received (lower-case names). */
export interface StandardWebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

const SECRET = /^(whsec_)?([A-Za-z0-9+/]+={0,2})$/;

/**
 * The HMAC key of a Standard Webhooks secret: `whsec_<base64>` (the prefix is optional), the
 * base64 decoded, as the reference libraries do. Undefined when the value is not such a secret.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const match = SECRET.exec(secret.trim());
  if (!match?.[2]) return undefined;
  const key = Buffer.from(match[2], "base64");
  return key.length >= 16 && key.length <= 128 ? key : undefined;
}

const signedContent = (id: string, timestamp: string, raw: Buffer) =>
  Buffer.concat([Buffer.from(`${id}.${timestamp}.`), raw]);

/**
 * `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * entries (several while a sender rotates secrets); any v1 entry may match. Timestamps more than
 * `toleranceS` away from now are refused either way, which bounds replays to that window; the
 * caller dedups `webhook-id` within it.
 */
export function verifyStandardWebhook(
  raw: Buffer,
  headers: StandardWebhookHeaders,
  key: Buffer,
  opts: { toleranceS: number; nowMs?: number },
): Verification {
  const { id, timestamp, signature } = headers;
  if (!id) return rejected("missing webhook-id");
  if (!timestamp) return rejected("missing webhook-timestamp");
  if (!signature) return rejected("missing webhook-signature");
  if (!/^\d{1,12}$/.test(timestamp)) return rejected("webhook-timestamp is not Unix seconds");
  const nowS = Math.floor((opts.nowMs ?? Date.now()) / 1_000);
  if (Math.abs(nowS - Number(timestamp)) > opts.toleranceS) {
    return rejected(`webhook-timestamp is more than ${opts.toleranceS} s from now`);
  }
  const expected = createHmac("sha256", key)
    .update(signedContent(id, timestamp, raw))
    .digest();
  for (const entry of signature.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    if (equalBytes(Buffer.from(entry.slice(comma + 1), "base64"), expected)) return verified;
  }
  return rejected("no v1 entry of webhook-signature matches");
}

/** `v1,<base64>` for a message: what a Standard Webhooks sender puts in `webhook-signature`. */
export const standardWebhookSignature = (key: Buffer, id: string, timestamp: string, raw: Buffer | string) =>
  `v1,${createHmac("sha256", key)
    .update(signedContent(id, timestamp, Buffer.isBuffer(raw) ? raw : Buffer.from(raw)))
    .digest("base64")}`;
