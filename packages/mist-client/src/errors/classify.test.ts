import { describe, expect, it } from "vitest";
import {
  isMistApiError,
  isMistNotFoundError,
  isPermanentMistError,
  isRateLimitWaitError,
  isTransientMistError,
  MistApiError,
  MistAuthError,
  MistBadRequestError,
  MistForbiddenError,
  MistNotFoundError,
  MistRateLimitError,
  MistSchemaError,
  MistServerError,
  MistTimeoutError,
  RateLimitWaitError,
} from ".";

const at = { method: "GET", path: "/x", detail: "d" };

describe("error classification", () => {
  it.each([
    [new MistBadRequestError(at), true],
    [new MistAuthError({ ...at, tokenAlias: "a" }), true],
    [new MistForbiddenError({ ...at, tokenAlias: "a" }), true],
    [new MistNotFoundError(at), true],
    [new MistSchemaError({ ...at, status: 200, issues: [] }), true],
    [new MistApiError("conflict", { ...at, status: 409, permanent: false }), false],
    [new MistRateLimitError({ ...at, retryAfterMs: 5 }), false],
    [new MistServerError({ ...at, status: 502 }), false],
    [new MistTimeoutError({ ...at, timeoutMs: 5 }), false],
  ])("%s → permanent %s", (e, permanent) => {
    expect(e.name).toBe(e.constructor.name);
    expect(isMistApiError(e)).toBe(true);
    expect(isPermanentMistError(e)).toBe(permanent);
    expect(isTransientMistError(e)).toBe(!permanent);
  });

  it("treats limiter waits as transient and unknown errors as neither", () => {
    const wait = new RateLimitWaitError(10_000, "cooldown");
    expect(isRateLimitWaitError(wait) && wait.waitMs).toBe(10_000);
    expect(isTransientMistError(wait)).toBe(true);
    expect(isPermanentMistError(wait)).toBe(false);
    expect(isTransientMistError(new Error("x"))).toBe(false);
    expect(isPermanentMistError(new Error("x"))).toBe(false);
  });

  it("guards by name, so copies from another module instance or a deserialised error match", () => {
    const copy = { name: "MistNotFoundError", message: "gone", permanent: true };
    expect(isMistNotFoundError(copy)).toBe(true);
    expect(isPermanentMistError(copy)).toBe(true);
    expect(isMistNotFoundError(null)).toBe(false);
  });

  it("puts the class name in the stack header for logs", () => {
    expect(new MistNotFoundError(at).stack?.split("\n")[0]).toMatch(/^MistNotFoundError: /);
  });
});
