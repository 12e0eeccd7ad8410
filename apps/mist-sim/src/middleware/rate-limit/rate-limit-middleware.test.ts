import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, READONLY_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

// A controllable clock: 10 s before an hourly boundary.
let now = 1_800_000_000_000 - (1_800_000_000_000 % 3_600_000) + 3_590_000;

describe("rate limit", () => {
  const ctx = useSim({ rateLimit: { perWindow: 3, windowMs: 3_600_000 }, clock: () => now });

  it("answers 429 with the documented detail and Retry-After once the budget is spent", async () => {
    for (let i = 0; i < 3; i++) expect((await ctx.api.get("/self")).status).toBe(200);
    const res = await ctx.api.get(`/orgs/${DEFAULT_ORG_ID}/sites`);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      detail:
        "Too Many Request. The API Token used for the request reached the 3 API Calls per hour threshold",
    });
    expect(res.headers.get("retry-after")).toBe("10");
    // Another token has its own budget.
    expect((await ctx.api.withToken(READONLY_TOKEN).get("/self")).status).toBe(200);
  });

  it("does not count 429s, counts 4xx, and resets at the window boundary", async () => {
    await ctx.api.get("/orgs/00000000-0000-4000-8000-000000000000/sites"); // 403, counted
    await ctx.api.get("/self");
    const usage = await ctx.api.get("/self/usage");
    expect(usage.body).toEqual({ requests: 3, request_limit: 3, seconds: 10 });
    for (let i = 0; i < 3; i++) expect((await ctx.api.get("/self")).status).toBe(429);
    now += 10_000;
    const after = await ctx.api.get("/self/usage");
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ requests: 1, seconds: 3600 });
    now -= 10_000;
  });

  it("does not count unauthenticated requests", async () => {
    await ctx.api.get("/self", { token: null });
    await ctx.api.get("/self", { token: "not-a-real-token" });
    expect((await ctx.api.get("/self/usage")).body.requests).toBe(1);
  });

  it("can be changed or switched off at runtime through /__sim/rate-limit", async () => {
    const off = await ctx.api.admin("POST", "/rate-limit", { enabled: false });
    expect(off.body).toEqual({ rateLimit: false });
    for (let i = 0; i < 5; i++) expect((await ctx.api.get("/self")).status).toBe(200);
    const on = await ctx.api.admin("POST", "/rate-limit", { perWindow: 1, windowMs: 60_000 });
    expect(on.body).toEqual({ rateLimit: { perWindow: 1, windowMs: 60_000 } });
    expect((await ctx.api.get("/self")).status).toBe(200);
    const limited = await ctx.api.get("/self");
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toContain("1 API Calls per minute");
    expect((await ctx.api.admin("POST", "/rate-limit", { perWindow: 0, windowMs: 1 })).status).toBe(400);
    // Reset restores the startup budget.
    await ctx.api.admin("POST", "/reset");
    expect((await ctx.api.admin("GET", "/rate-limit")).body).toEqual({
      rateLimit: { perWindow: 3, windowMs: 3_600_000 },
    });
  });
});
