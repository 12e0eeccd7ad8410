import {
  MistBadRequestError,
  MistRateLimitError,
  MistServerError,
  RateLimitWaitError,
} from "@mistflow/mist-client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { rateLimitWaitMs, StepFailure, toStepError } from "./step-failure";

describe("toStepError", () => {
  it("keeps Mist's status and detail and classifies 4xx as permanent", () => {
    const e = new MistBadRequestError({
      method: "POST",
      path: "/orgs/x/wlans",
      detail: "invalid field: ssid",
    });
    expect(toStepError(e)).toMatchObject({ status: 400, detail: "invalid field: ssid", permanent: true });
  });

  it("treats 5xx and unknown errors as transient", () => {
    expect(
      toStepError(new MistServerError({ method: "GET", path: "/x", status: 502, detail: "bad gateway" }))
        .permanent,
    ).toBe(false);
    expect(toStepError(new Error("socket hang up")).permanent).toBe(false);
  });

  it("treats our own step failures and invalid data as permanent", () => {
    expect(toStepError(new StepFailure("missing var"))).toEqual({ message: "missing var", permanent: true });
    const zodError = z.object({ a: z.string() }).safeParse({}).error;
    expect(toStepError(zodError).permanent).toBe(true);
  });
});

describe("rateLimitWaitMs", () => {
  it("reads the wait from the limiter and from a 429", () => {
    expect(rateLimitWaitMs(new RateLimitWaitError(7_000))).toBe(7_000);
    expect(
      rateLimitWaitMs(
        new MistRateLimitError({ method: "GET", path: "/x", detail: undefined, retryAfterMs: 3_000 }),
      ),
    ).toBe(3_000);
    expect(rateLimitWaitMs(new Error("x"))).toBeUndefined();
  });
});

describe("rateLimitWaitMs for a busy lock", () => {
  it("parks briefly instead of spending an attempt", async () => {
    const { LockTimeoutError } = await import("./lock");
    expect(rateLimitWaitMs(new LockTimeoutError("busy"))).toBe(2_000);
  });
});
