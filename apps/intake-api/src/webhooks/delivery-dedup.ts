import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** The two commands used; a single Redis and a Cluster client both qualify. */
export type DedupRedis = Pick<Redis, "set" | "del">;

/** Jira retries for up to 30 minutes and Standard Webhooks senders for hours; a day covers both. */
export const DELIVERY_TTL_S = 86_400;

const READABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Delivery ids already handled (`X-Atlassian-Webhook-Identifier`, `webhook-id`). A claim is one
 * `SET NX EX`, so of several concurrent copies of one delivery exactly one proceeds. Claims are
 * only checked after authentication, so nobody can burn an id they could not sign.
 */
export class DeliveryDedup {
  constructor(
    private readonly redis: DedupRedis,
    private readonly prefix: string,
    private readonly ttlS = DELIVERY_TTL_S,
  ) {}

  key(source: string, deliveryId: string): string {
    const id = READABLE_ID.test(deliveryId)
      ? deliveryId
      : `sha256-${createHash("sha256").update(deliveryId).digest("hex").slice(0, 32)}`;
    return `${this.prefix}:webhook-seen:${source}:${id}`;
  }

  /** True for the first copy of a delivery, false for every later one within the TTL. */
  async claim(source: string, deliveryId: string): Promise<boolean> {
    return (
      (await this.redis.set(this.key(source, deliveryId), String(Date.now()), "EX", this.ttlS, "NX")) === "OK"
    );
  }

  /** Gives a delivery back after an error, so the sender's retry is processed rather than ignored. */
  async release(source: string, deliveryId: string): Promise<void> {
    await this.redis.del(this.key(source, deliveryId));
  }
}
