import { producerConnection, whenReady } from "@mistflow/config";
import { uniquePrefix } from "@mistflow/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DELIVERY_TTL_S, DeliveryDedup } from "./delivery-dedup";

describe("DeliveryDedup", () => {
  const prefix = uniquePrefix("dedup");
  let redis: ReturnType<typeof producerConnection>;
  let dedup: DeliveryDedup;

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    dedup = new DeliveryDedup(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("lets exactly one of several concurrent copies of a delivery through, and rejects a replayed id", async () => {
    const claims = await Promise.all(Array.from({ length: 5 }, () => dedup.claim("jira", "d1f0c8e2-7a4b")));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await dedup.claim("jira", "d1f0c8e2-7a4b")).toBe(false);
    const ttl = await redis.ttl(dedup.key("jira", "d1f0c8e2-7a4b"));
    expect(ttl).toBeGreaterThan(DELIVERY_TTL_S - 5);
  });

  it("keeps sources apart and hashes ids that are not plain", async () => {
    expect(await dedup.claim("generic", "d1f0c8e2-7a4b")).toBe(true);
    const key = dedup.key("generic", "id with spaces/and slashes");
    expect(key).toMatch(
      new RegExp(`^${prefix.replace(/[{}]/g, "\\$&")}:webhook-seen:generic:sha256-[0-9a-f]{32}$`),
    );
  });

  it("processes a released delivery again", async () => {
    expect(await dedup.claim("generic", "msg_1")).toBe(true);
    await dedup.release("generic", "msg_1");
    expect(await dedup.claim("generic", "msg_1")).toBe(true);
  });
});
