import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { LockTimeoutError, RedisLock } from "./redis-lock";

describe("RedisLock", () => {
  const prefix = uniquePrefix("lock");
  const a = new Redis(inject("redisUrl"));
  const b = new Redis(inject("redisUrl"));
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length) await a.del(...keys);
    await Promise.all([a.quit(), b.quit()]);
  });

  it("serialises holders across connections", async () => {
    const events: string[] = [];
    const body = (who: string) => async () => {
      events.push(`${who}:in`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${who}:out`);
    };
    await Promise.all([
      new RedisLock(a, prefix).with("x", body("a")),
      new RedisLock(b, prefix).with("x", body("b")),
    ]);
    expect([events[0]?.split(":")[0], events[1]?.split(":")[0]]).toEqual([
      events[0]?.split(":")[0],
      events[0]?.split(":")[0],
    ]);
    expect(events.filter((e) => e.endsWith(":in"))).toHaveLength(2);
    expect(events[1]).toMatch(/:out$/);
  });

  it("releases on error and times out waiting for a held lock", async () => {
    const lock = new RedisLock(a, prefix);
    await expect(lock.with("y", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await a.exists(`${prefix}:lock:y`)).toBe(0);
    const release = lock.with("z", () => new Promise((r) => setTimeout(r, 400)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(new RedisLock(b, prefix).with("z", async () => 1, { waitMs: 100 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    await release;
  });

  it("lets another holder in once a dead holder's lease expires", async () => {
    await a.set(`${prefix}:lock:dead`, "someone-killed", "PX", 150);
    const started = Date.now();
    await new RedisLock(b, prefix).with("dead", async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
