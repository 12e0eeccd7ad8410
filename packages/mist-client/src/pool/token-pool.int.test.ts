import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisCallLimiter } from "../limiter";
import { isNoTokenError, TokenPool } from "./token-pool";
import { loadTokensConfig, TokensConfigError } from "./tokens-config";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const A = `tok-a-${"a".repeat(32)}`;
const B = `tok-b-${"b".repeat(32)}`;

describe("TokenPool", () => {
  const redis = new Redis(inject("redisUrl"));
  const prefix = `{t-pool-${randomBytes(3).toString("hex")}}:`;
  const pool = new TokenPool(
    {
      orgs: {
        [ORG]: [
          { alias: "a", token: A },
          { alias: "b", token: B },
        ],
      },
      default: [],
    },
    { redis, baseUrl: "http://127.0.0.1:9", prefix, budget: 10, windowMs: 60_000, burst: 10 },
  );
  afterAll(async () => {
    await pool.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("hands out the token with the most budget left, and avoids one cooling down", async () => {
    const a = new RedisCallLimiter(redis, { token: A, prefix, budget: 10, windowMs: 60_000, burst: 10 });
    for (let i = 0; i < 6; i++) await a.acquire();
    expect((await pool.clientFor(ORG)).http).toBe(pool.clientByAlias(ORG, "b")?.http);
    const b = new RedisCallLimiter(redis, { token: B, prefix, budget: 10, windowMs: 60_000, burst: 10 });
    for (let i = 0; i < 8; i++) await b.acquire();
    expect((await pool.clientFor(ORG)).http).toBe(pool.clientByAlias(ORG, "a")?.http);
    await a.cooldown(30_000);
    expect((await pool.clientFor(ORG)).http).toBe(pool.clientByAlias(ORG, "b")?.http);
    const usage = await pool.usage(ORG);
    expect(usage.map((u) => [u.alias, u.used])).toEqual([
      ["a", 6],
      ["b", 8],
    ]);
    const all = await pool.usageByAlias();
    expect(all.map((u) => [u.alias, u.budget - u.used])).toEqual([
      ["a", 4],
      ["b", 2],
    ]);
    expect(JSON.stringify(all)).not.toContain(A);
  });

  it("says which org has no token", async () => {
    await expect(pool.clientFor("0000")).rejects.toSatisfy(isNoTokenError);
  });
});

describe("loadTokensConfig", () => {
  it("reads a file and names the bad field, never the token", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokens-"));
    const file = join(dir, "tokens.json");
    writeFileSync(file, JSON.stringify({ orgs: { [ORG]: [{ alias: "bad alias", token: A }] } }));
    expect(() => loadTokensConfig({ file })).toThrow(TokensConfigError);
    try {
      loadTokensConfig({ file });
    } catch (e) {
      expect((e as Error).message).toContain("alias");
      expect((e as Error).message).not.toContain(A);
    }
  });

  it("turns a single token into the default pool", () => {
    expect(loadTokensConfig({ token: A, alias: "prod" })).toEqual({
      orgs: {},
      default: [{ alias: "prod", token: A }],
    });
  });
});
