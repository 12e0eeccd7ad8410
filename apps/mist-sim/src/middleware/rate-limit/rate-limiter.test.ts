import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("aligns windows to the clock and resets at the boundary", () => {
    let now = 3_600_000 * 10 + 3_599_000; // one second before an hourly boundary
    const limiter = new RateLimiter({ perWindow: 2, windowMs: 3_600_000 }, () => now);
    expect(limiter.consume("k")).toEqual({ allowed: true });
    expect(limiter.consume("k")).toEqual({ allowed: true });
    expect(limiter.consume("k")).toEqual({ allowed: false, retryAfterS: 1 });
    now += 1000;
    expect(limiter.consume("k")).toEqual({ allowed: true });
    expect(limiter.usage("k")).toEqual({ requests: 1, request_limit: 2, seconds: 3600 });
  });

  it("keeps keys independent, refunds, and never refuses when disabled", () => {
    const limiter = new RateLimiter({ perWindow: 1, windowMs: 1000 }, () => 0);
    limiter.consume("a");
    expect(limiter.consume("b").allowed).toBe(true);
    limiter.refund("a");
    expect(limiter.consume("a").allowed).toBe(true);
    limiter.configure(false);
    expect(limiter.current).toBe(false);
    for (let i = 0; i < 5; i++) expect(limiter.consume("a").allowed).toBe(true);
    expect(limiter.usage("a").requests).toBe(5);
  });
});
