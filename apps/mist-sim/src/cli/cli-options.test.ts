import { describe, expect, it } from "vitest";
import { loadEnv } from "../env/env";
import { parseCliOptions } from "./cli-options";
import { parseRateLimitArg } from "./rate-limit-arg";

describe("parseRateLimitArg", () => {
  it("parses budgets with units and off", () => {
    expect(parseRateLimitArg("5000/3600s")).toEqual({ perWindow: 5000, windowMs: 3_600_000 });
    expect(parseRateLimitArg("5000/1h")).toEqual({ perWindow: 5000, windowMs: 3_600_000 });
    expect(parseRateLimitArg("10/500ms")).toEqual({ perWindow: 10, windowMs: 500 });
    expect(parseRateLimitArg("100/60")).toEqual({ perWindow: 100, windowMs: 60_000 });
    expect(parseRateLimitArg("off")).toBe(false);
    expect(() => parseRateLimitArg("lots")).toThrow(/invalid rate limit/);
    expect(() => parseRateLimitArg("0/1s")).toThrow(/positive/);
  });
});

describe("parseCliOptions", () => {
  it("prefers flags over env over defaults", () => {
    const env = loadEnv({ MIST_SIM_PORT: "9000", MIST_SIM_HOST: "0.0.0.0", MIST_SIM_RATE_LIMIT: "off" });
    expect(parseCliOptions([], loadEnv({}))).toMatchObject({
      port: 8090,
      host: "127.0.0.1",
      rateLimit: undefined,
    });
    expect(parseCliOptions([], env)).toMatchObject({ port: 9000, host: "0.0.0.0", rateLimit: false });
    expect(
      parseCliOptions(
        ["--port", "8100", "--rate-limit", "10/1m", "--seed", "s.yaml", "--fault-seed", "3"],
        env,
      ),
    ).toMatchObject({
      port: 8100,
      rateLimit: { perWindow: 10, windowMs: 60_000 },
      seedPath: "s.yaml",
      faultSeed: 3,
    });
  });

  it("treats empty env values as unset and rejects bad input", () => {
    expect(parseCliOptions([], loadEnv({ MIST_SIM_PORT: "" })).port).toBe(8090);
    expect(() => loadEnv({ MIST_SIM_PORT: "http" })).toThrow(/MIST_SIM_PORT/);
    expect(() => parseCliOptions(["--port", "x"], loadEnv({}))).toThrow(/invalid port/);
    expect(() => parseCliOptions(["--bogus"], loadEnv({}))).toThrow();
  });

  it("reads startup faults and the upgrade stage length from flags or env", () => {
    const env = loadEnv({ MIST_SIM_FAULTS: "env-faults.json", MIST_SIM_UPGRADE_PHASE_MS: "250" });
    expect(parseCliOptions([], loadEnv({}))).toMatchObject({
      faultsPath: undefined,
      upgradePhaseMs: undefined,
    });
    expect(parseCliOptions([], env)).toMatchObject({ faultsPath: "env-faults.json", upgradePhaseMs: 250 });
    expect(parseCliOptions(["--faults", "f.json", "--upgrade-phase-ms", "10"], env)).toMatchObject({
      faultsPath: "f.json",
      upgradePhaseMs: 10,
    });
    expect(() => parseCliOptions(["--upgrade-phase-ms", "0"], env)).toThrow(/invalid upgrade phase/);
    expect(() => loadEnv({ MIST_SIM_UPGRADE_PHASE_MS: "fast" })).toThrow(/MIST_SIM_UPGRADE_PHASE_MS/);
  });
});
