import { createHash } from "node:crypto";

/**
 * Redis key of a token's budget: `<prefix>rl:{<first 16 hex of sha256(token)>}`. Only a digest is
 * stored, never the token; the braces make it a Redis Cluster hash tag.
 */
export function limiterKey(token: string, prefix: string): string {
  const digest = createHash("sha256").update(token).digest("hex").slice(0, 16);
  return `${prefix}rl:{${digest}}`;
}
