import { describe, expect, it } from "vitest";
import { msUntilNextHour, parseRetryAfter, retryAfterMs } from "./retry-after";

const NOW = Date.UTC(2026, 10, 22, 14, 45, 0);

describe("Retry-After", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("798", NOW)).toBe(798_000);
    expect(parseRetryAfter(" 1.5 ", NOW)).toBe(1_500);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfter("Sun, 22 Nov 2026 14:46:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 14:00:00 GMT", NOW)).toBe(0);
  });

  it("ignores absent or garbage values", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
  });

  it("falls back to the next clock hour plus 5 s", () => {
    expect(msUntilNextHour(NOW)).toBe(15 * 60_000 + 5_000);
    expect(retryAfterMs(undefined, NOW)).toBe(15 * 60_000 + 5_000);
    expect(retryAfterMs("10", NOW)).toBe(10_000);
  });
});
