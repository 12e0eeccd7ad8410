import { describe, expect, it } from "vitest";
import { MistApiError, MistNetworkError, MistNotFoundError, MistRateLimitError } from "../errors";
import { attemptsFor, backoffDelayMs, DEFAULT_RETRY, isRetryableFailure } from "./backoff";

describe("backoff", () => {
  it("uses full jitter under an exponential ceiling capped at maxDelayMs", () => {
    const retry = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
    expect(backoffDelayMs(1, retry, () => 0.999)).toBe(499);
    expect(backoffDelayMs(3, retry, () => 0.5)).toBe(1_000);
    expect(backoffDelayMs(10, retry, () => 0.999)).toBe(7_992);
    expect(backoffDelayMs(4, retry, () => 0)).toBe(0);
  });

  it("gives POST one attempt and the others retry.attempts", () => {
    expect(attemptsFor("POST", DEFAULT_RETRY)).toBe(1);
    expect(attemptsFor("GET", DEFAULT_RETRY)).toBe(3);
    expect(attemptsFor("DELETE", { ...DEFAULT_RETRY, attempts: 0 })).toBe(1);
  });

  it("retries 5xx-like, 408, network; never 429 or permanent 4xx", () => {
    const base = { method: "GET", path: "/x", detail: undefined };
    expect(isRetryableFailure(new MistNetworkError({ ...base, code: "ECONNRESET" }))).toBe(true);
    expect(isRetryableFailure(new MistApiError("x", { ...base, status: 408, permanent: false }))).toBe(true);
    expect(isRetryableFailure(new MistRateLimitError({ ...base, retryAfterMs: 1 }))).toBe(false);
    expect(isRetryableFailure(new MistNotFoundError(base))).toBe(false);
    expect(isRetryableFailure(new Error("other"))).toBe(false);
  });
});
