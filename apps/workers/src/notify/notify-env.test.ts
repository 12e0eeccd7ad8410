import { loadEnv } from "@mistflow/config";
import { describe, expect, it } from "vitest";
import { NotifyEnv } from "./notify-env";

describe("NotifyEnv", () => {
  it("needs no Mist token, and defaults its timeouts", () => {
    expect(loadEnv(NotifyEnv, {})).toMatchObject({ NOTIFY_TIMEOUT_MS: 10_000, WORKER_CONCURRENCY: 5 });
  });

  it("names a bad value", () => {
    expect(() => loadEnv(NotifyEnv, { NOTIFY_TIMEOUT_MS: "soon" })).toThrow(/NOTIFY_TIMEOUT_MS/);
  });
});
