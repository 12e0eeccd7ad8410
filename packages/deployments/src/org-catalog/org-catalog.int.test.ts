import { uniquePrefix } from "@mistflow/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { OrgCatalog } from "./org-catalog";

describe("OrgCatalog", () => {
  const redis = new Redis(inject("redisUrl"));
  const prefix = uniquePrefix("catalog");
  const catalog = new OrgCatalog(redis, prefix);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("gives the first-site claim to one holder, again on its retries, and lets it lapse", async () => {
    expect(await catalog.claimFirstSite("org-1", "digest-1", "dep-a", 300)).toBe(true);
    expect(await catalog.claimFirstSite("org-1", "digest-1", "dep-a", 300)).toBe(true);
    expect(await catalog.claimFirstSite("org-1", "digest-1", "dep-b", 300)).toBe(false);
    // Per blueprint version: another version's first site is not held up by this one.
    expect(await catalog.claimFirstSite("org-1", "digest-2", "dep-b", 300)).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(await catalog.claimFirstSite("org-1", "digest-1", "dep-b", 300)).toBe(true);
  });

  it("renews the claim for its holder only, and not once it has lapsed", async () => {
    const key = `${prefix}:catalog:org-4:~first-site:d`;
    expect(await catalog.claimFirstSite("org-4", "d", "dep-a", 5_000)).toBe(true);
    expect(await catalog.renewFirstSite("org-4", "d", "dep-b", 60_000)).toBe(false);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(5_000);
    expect(await catalog.renewFirstSite("org-4", "d", "dep-a", 60_000)).toBe(true);
    expect(await redis.pttl(key)).toBeGreaterThan(5_000);
    await redis.del(key);
    expect(await catalog.renewFirstSite("org-4", "d", "dep-a", 60_000)).toBe(false);
    expect(await redis.exists(key)).toBe(0);
  });

  it("drops the claim with the org's catalogue", async () => {
    expect(await catalog.claimFirstSite("org-2", "d", "dep-a", 10_000)).toBe(true);
    await catalog.forgetOrg("org-2");
    expect(await catalog.claimFirstSite("org-2", "d", "dep-b", 10_000)).toBe(true);
  });

  it("forgets only the kinds it is told to", async () => {
    await catalog.remember("org-3", "rftemplates", new Map([["fp-rf", "id-rf"]]));
    await catalog.remember("org-3", "networktemplates", new Map([["fp-net", "id-net"]]));
    await catalog.forget("org-3", ["rftemplates"]);
    expect(await catalog.lookup("org-3", "rftemplates", ["fp-rf"])).toBeUndefined();
    expect(await catalog.lookup("org-3", "networktemplates", ["fp-net"])).toEqual(["id-net"]);
  });
});
