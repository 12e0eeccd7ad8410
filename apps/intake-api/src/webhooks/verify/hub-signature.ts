import { createHmac } from "node:crypto";
import { equalBytes } from "./constant-time";
import { rejected, type Verification, verified } from "./verification";

const HUB_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Jira (and GitHub) style: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. The
 * digests are compared as bytes, so hex case does not matter and timing reveals nothing.
 */
export function verifyHubSignature(raw: Buffer, header: string | undefined, secret: string): Verification {
  if (header === undefined || header === "") return rejected("missing X-Hub-Signature");
  const match = HUB_SIGNATURE.exec(header.trim());
  if (!match?.[1]) return rejected("X-Hub-Signature is not sha256=<64 hex digits>");
  const expected = createHmac("sha256", secret).update(raw).digest();
  return equalBytes(Buffer.from(match[1], "hex"), expected)
    ? verified
    : rejected("X-Hub-Signature does not match the body");
}

/** What Jira sends, for tests and for people checking their setup. */
export const hubSignature = (raw: Buffer | string, secret: string): string =>
  `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
