import { randomBytes } from "node:crypto";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { CallerTokenError, CallerTokenStore, parseEncryptionKey } from "./caller-token-store";

describe("CallerTokenStore", () => {
  const redis = new Redis(inject("redisUrl"));
  const prefix = uniquePrefix("caller");
  const key = parseEncryptionKey(randomBytes(32).toString("base64"));
  const store = new CallerTokenStore(redis, prefix, key, 60);
  const token = "mist-token-abcdefghijklmnopqrstuvwxyz012345";
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("keeps only ciphertext in Redis, with a TTL, and gives the token back", async () => {
    await store.put("dep-a", token);
    const raw = await redis.get(`${prefix}:caller-token:dep-a`);
    expect(raw).not.toContain(token);
    expect(Buffer.from(raw ?? "", "base64").toString("latin1")).not.toContain(token);
    expect(await redis.ttl(`${prefix}:caller-token:dep-a`)).toBeGreaterThan(50);
    expect(await store.get("dep-a")).toBe(token);
    expect(await store.get("dep-none")).toBeUndefined();
  });

  it("refuses a value moved to another deployment, or read with another key", async () => {
    await store.put("dep-b", token);
    await redis.set(`${prefix}:caller-token:dep-c`, (await redis.get(`${prefix}:caller-token:dep-b`)) ?? "");
    await expect(store.get("dep-c")).rejects.toBeInstanceOf(CallerTokenError);
    const other = new CallerTokenStore(redis, prefix, parseEncryptionKey(randomBytes(32).toString("base64")));
    await expect(other.get("dep-b")).rejects.toBeInstanceOf(CallerTokenError);
    expect(() => parseEncryptionKey("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});
