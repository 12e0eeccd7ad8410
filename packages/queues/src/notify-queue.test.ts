import { describe, expect, it } from "vitest";
import { NOTIFY_ATTEMPTS, notifyJobId, notifyJobOptions, notifyRetryPolicy } from "./notify-queue";

describe("notify queue", () => {
  const dep = "dep-0123456789abcdef01234567";

  it("gives each deployment event one deterministic job id, without ':'", () => {
    expect(notifyJobId(dep, "accepted")).toBe(`${dep}.notify-accepted`);
    expect(notifyJobId(dep, "failed", "s09")).toBe(`${dep}.notify-failed`);
    expect(notifyJobId(dep, "step_failed", "s09")).toBe(`${dep}.notify-step_failed-s09`);
    for (const id of [notifyJobId(dep, "succeeded"), notifyJobId(dep, "step_failed", "final")])
      expect(id).not.toContain(":");
  });

  it("retries with jittered exponential backoff and bounded retention", () => {
    const opts = notifyJobOptions("x");
    expect(opts).toMatchObject({
      jobId: "x",
      attempts: NOTIFY_ATTEMPTS,
      backoff: { type: "exponential", jitter: 0.5 },
    });
    expect(opts.removeOnFail).toEqual({ age: 30 * 86_400 });
    expect(opts.backoff).toMatchObject({ delay: 5_000 });
  });

  it("takes the first backoff from the process's policy, keeping the attempt count", () => {
    const opts = notifyJobOptions("x", notifyRetryPolicy(150));
    expect(opts).toMatchObject({ attempts: NOTIFY_ATTEMPTS, backoff: { delay: 150 } });
  });
});
