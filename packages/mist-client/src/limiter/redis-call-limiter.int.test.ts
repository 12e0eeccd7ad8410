import { randomBytes } from "node:crypto";
import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { isRateLimitWaitError, type RateLimitWaitError } from "../errors";
import { RedisCallLimiter, type RedisCallLimiterOptions } from "./redis-call-limiter";

// Real Redis from the shared globalSetup; every key of this file lives under PREFIX.
const PREFIX = uniquePrefix("mc");
const TOKEN = `tok-${randomBytes(20).toString("hex")}`;
const connections: Redis[] = [];

function connect(): Redis {
  const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
}

async function keysOfThisFile(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

afterAll(async () => {
  const redis = connect();
  const keys = await keysOfThisFile(redis);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all(connections.map((c) => c.quit()));
});

/** N limiters on N separate connections, sharing one token and one case-specific prefix. */
function limiters(n: number, caseName: string, options: Omit<RedisCallLimiterOptions, "token" | "prefix">) {
  return Array.from(
    { length: n },
    () => new RedisCallLimiter(connect(), { token: TOKEN, prefix: `${PREFIX}${caseName}:`, ...options }),
  );
}

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("RedisCallLimiter (real Redis)", () => {
  it("keeps every aligned window within budget across 3 connections hammering concurrently", async () => {
    const windowMs = 500;
    const budget = 10;
    const grants: number[] = [];
    const instances = limiters(3, "budget", {
      budget,
      windowMs,
      burst: budget, // so the hourly-style budget, not smoothing, is what binds here
      maxInlineWaitMs: 10_000,
      onDecision: (d) => {
        if (d.granted) grants.push(d.serverTimeMs);
      },
    });
    const stopAt = Date.now() + 1_100;
    await Promise.all(
      instances.flatMap((limiter) =>
        Array.from({ length: 4 }, async () => {
          while (Date.now() < stopAt) await limiter.acquire();
        }),
      ),
    );

    const perWindow = new Map<number, number>();
    for (const t of grants) perWindow.set(t - (t % windowMs), (perWindow.get(t - (t % windowMs)) ?? 0) + 1);
    expect(perWindow.size).toBeGreaterThanOrEqual(3);
    for (const count of perWindow.values()) expect(count).toBeLessThanOrEqual(budget);
    // The run spans two full windows: they were actually used, not merely respected.
    expect(grants.length).toBeGreaterThanOrEqual(2 * budget);

    const usage = await instances[0]?.usage();
    expect(usage?.budget).toBe(budget);
    expect(usage?.used).toBeLessThanOrEqual(budget);
    expect(usage?.windowResetsInMs).toBeGreaterThan(0);
    expect(usage?.windowResetsInMs).toBeLessThanOrEqual(windowMs);
  });

  it("counts a call granted in a window's guard band in the next window too, as Mist may", async () => {
    // Calls spread evenly (burst 1), so some are granted in each window's last guardMs.
    const windowMs = 600;
    const budget = 6;
    const guardMs = 150;
    const grants: number[] = [];
    const instances = limiters(2, "guard", {
      budget,
      windowMs,
      burst: 1,
      guardMs,
      maxInlineWaitMs: 10_000,
      onDecision: (d) => {
        if (d.granted) grants.push(d.serverTimeMs);
      },
    });
    const stopAt = Date.now() + 2_000;
    await Promise.all(
      instances.flatMap((limiter) =>
        Array.from({ length: 3 }, async () => {
          while (Date.now() < stopAt) await limiter.acquire();
        }),
      ),
    );

    const inGuard = grants.filter((t) => t % windowMs >= windowMs - guardMs);
    expect(inGuard.length, "some calls were granted in a guard band").toBeGreaterThan(0);
    // Mist sees a call up to guardMs after its grant: a window receives what was granted from
    // guardMs before its start to its end, and that never exceeds the budget (without the guard
    // band this fails: 7 of 6).
    const first = Math.min(...grants) - (Math.min(...grants) % windowMs);
    for (let start = first; start <= Math.max(...grants); start += windowMs) {
      const arriving = grants.filter((t) => t >= start - guardMs && t < start + windowMs).length;
      expect(arriving, `window starting ${start}`).toBeLessThanOrEqual(budget);
    }
    expect(grants.length).toBeGreaterThanOrEqual(budget * 2);
  });

  it("takes a guard-band call off the next window once its answer is back before the turn", async () => {
    const windowMs = 1_000;
    const guardMs = 400;
    const [limiter] = limiters(1, "release", { budget: 10, windowMs, burst: 10, guardMs });
    if (!limiter) throw new Error("a limiter expected");
    // Redis runs on this host, so the local clock tells where in the window its TIME is.
    const intoGuard = async () => {
      for (;;) {
        const at = Date.now() % windowMs;
        if (at >= windowMs - guardMs + 50 && at < windowMs - guardMs + 150) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await intoGuard();
    const answeredInTime = await limiter.tryAcquire();
    const stillInFlight = await limiter.tryAcquire();
    expect(answeredInTime.guardedWindowStart).toBe(
      answeredInTime.serverTimeMs - (answeredInTime.serverTimeMs % windowMs),
    );
    const grantWindow = answeredInTime.guardedWindowStart as number;
    expect(stillInFlight.guardedWindowStart).toBe(grantWindow);

    expect(await limiter.release(grantWindow)).toBe(true);
    // The other call's answer comes after the turn: it may have reached Mist in either window.
    while (Date.now() < grantWindow + windowMs + 20) await new Promise((r) => setTimeout(r, 10));
    expect(await limiter.release(grantWindow)).toBe(false);
    expect((await limiter.usage()).used, "the new window holds only the call still in flight").toBe(1);

    // A grant outside the guard band has nothing to release.
    const early = await limiter.tryAcquire();
    expect(early.granted).toBe(true);
    expect(early.guardedWindowStart).toBeUndefined();
    expect((await limiter.usage()).used).toBe(2);
  });

  it("a cooldown set by one instance blocks all of them until it ends", async () => {
    const grants: number[] = [];
    const [a, b, c] = limiters(3, "cool", {
      budget: 1_000,
      windowMs: 60_000,
      maxInlineWaitMs: 3_000,
      onDecision: (d) => {
        if (d.granted) grants.push(d.serverTimeMs);
      },
    });
    if (!a || !b || !c) throw new Error("three limiters expected");
    await a.acquire();
    await a.cooldown(400);
    const coolStarted = grants[0] ?? 0;

    const blocked = await Promise.all([b.tryAcquire(), c.tryAcquire()]);
    for (const d of blocked) {
      expect(d).toMatchObject({ granted: false, reason: "cooldown" });
      expect(d.waitMs).toBeGreaterThan(0);
      expect(d.waitMs).toBeLessThanOrEqual(400);
    }
    expect((await c.usage()).coolingDownForMs).toBeGreaterThan(0);

    // Each instance sleeps inline through the cooldown; Redis time proves nobody slipped in early.
    await Promise.all([a.acquire(), b.acquire(), c.acquire()]);
    const afterCool = grants.slice(1);
    expect(afterCool).toHaveLength(3);
    for (const t of afterCool) expect(t - coolStarted).toBeGreaterThanOrEqual(400);
  });

  it("never shortens a longer cooldown", async () => {
    const [a, b] = limiters(2, "cool-max", { budget: 100, windowMs: 60_000 });
    await a?.cooldown(30_000);
    await b?.cooldown(100);
    expect((await a?.usage())?.coolingDownForMs).toBeGreaterThan(29_000);
  });

  it("spreads calls with GCRA: a burst, then one per interval, shared by instances", async () => {
    // budget 20 per 1 s → interval 50 ms; burst 5 → five immediate calls, then spacing.
    const grants: number[] = [];
    const instances = limiters(2, "gcra", {
      budget: 20,
      windowMs: 1_000,
      burst: 5,
      maxInlineWaitMs: 2_000,
      onDecision: (d) => {
        if (d.granted) grants.push(d.serverTimeMs);
      },
    });
    await Promise.all(
      instances.map(async (limiter) => {
        for (let i = 0; i < 6; i++) await limiter.acquire();
      }),
    );
    grants.sort((x, y) => x - y);
    expect(grants).toHaveLength(12);
    const first = grants[0] ?? 0;
    // The burst is not spaced (spacing would put the fifth call 200 ms after the first).
    expect((grants[4] ?? 0) - first).toBeLessThan(150);
    // GCRA keeps a schedule, not a minimum gap: call k (after the burst) is never early.
    for (let i = 5; i < grants.length; i++) {
      expect((grants[i] ?? 0) - first).toBeGreaterThanOrEqual((i - 4) * 50 - 2);
    }
    expect((grants[11] ?? 0) - first).toBeLessThan(1_000);
  });

  it("sleeps through a short wait inline", async () => {
    const grants: number[] = [];
    const [limiter] = limiters(1, "inline", {
      budget: 20,
      windowMs: 2_000,
      burst: 1,
      maxInlineWaitMs: 1_000,
      onDecision: (d) => {
        if (d.granted) grants.push(d.serverTimeMs);
      },
    });
    await limiter?.acquire();
    await limiter?.acquire();
    expect(grants).toHaveLength(2);
    expect((grants[1] ?? 0) - (grants[0] ?? 0)).toBeGreaterThanOrEqual(99);
  });

  it("throws RateLimitWaitError when the wait exceeds maxInlineWaitMs, for each reason", async () => {
    // Smoothing: 1000 calls per hour → 3.6 s interval, burst 1.
    const [smooth] = limiters(1, "wait-smooth", { budget: 1_000, burst: 1, maxInlineWaitMs: 1_000 });
    await smooth?.acquire();
    const started = Date.now();
    const s = (await thrown(smooth?.acquire() ?? Promise.resolve())) as RateLimitWaitError;
    expect(isRateLimitWaitError(s)).toBe(true);
    expect(s.reason).toBe("smoothing");
    expect(s.waitMs).toBeGreaterThan(3_000);
    expect(s.waitMs).toBeLessThanOrEqual(3_600);
    expect(Date.now() - started).toBeLessThan(1_000);

    // Budget: 2 calls per UTC day, burst 2; maxInlineWaitMs 0 so the boundary is never slept through.
    const [daily] = limiters(1, "wait-budget", {
      budget: 2,
      burst: 2,
      windowMs: 86_400_000,
      maxInlineWaitMs: 0,
    });
    await daily?.acquire();
    await daily?.acquire();
    const b = (await thrown(daily?.acquire() ?? Promise.resolve())) as RateLimitWaitError;
    expect(b).toMatchObject({ name: "RateLimitWaitError", reason: "budget", permanent: false });
    const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
    expect(Math.abs(b.waitMs - toMidnight)).toBeLessThan(1_000);

    // Cooldown after a 429.
    const [cool] = limiters(1, "wait-cool", { budget: 100, windowMs: 60_000 });
    await cool?.cooldown(30_000);
    const c = (await thrown(cool?.acquire() ?? Promise.resolve())) as RateLimitWaitError;
    expect(c.reason).toBe("cooldown");
    expect(c.waitMs).toBeGreaterThan(29_000);
  });

  it("stores only a digest: the token is in no key, field or value (checked last)", async () => {
    const other = new RedisCallLimiter(connect(), { token: `${TOKEN}-2`, prefix: `${PREFIX}budget:` });
    await other.acquire();
    const redis = connect();
    const keys = await keysOfThisFile(redis);
    // Keys of the short-window cases may already have expired; the long-window ones are still here.
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const key of keys) {
      expect(key).toMatch(/rl:\{[0-9a-f]{16}\}$/);
      expect(key).not.toContain(TOKEN);
      const type = await redis.type(key);
      if (type === "none") continue;
      expect(type).toBe("hash");
      const dump = JSON.stringify(await redis.hgetall(key));
      expect(dump).not.toContain(TOKEN);
      expect(dump).not.toContain(TOKEN.slice(4, 24));
      // Every key expires on its own (-1 would mean "kept forever").
      expect(await redis.pttl(key)).not.toBe(-1);
    }
    expect(other.key).not.toBe(limiters(1, "budget", { budget: 1 })[0]?.key);
  });
});
