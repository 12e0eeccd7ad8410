import { loadEnv } from "@mistflow/config";
import { describe, expect, it } from "vitest";
import { WorkersEnv } from "./env";

describe("WorkersEnv", () => {
  it("requires a token source and names the variable", () => {
    expect(() => loadEnv(WorkersEnv, {})).toThrow(/MIST_API_TOKEN: set MIST_API_TOKEN or MIST_TOKENS_FILE/);
  });

  it("defaults to the local simulator and a 4,500 call budget", () => {
    const env = loadEnv(WorkersEnv, { MIST_API_TOKEN: "abcdefgh12345678", WORKER_DOMAIN: "wan" });
    expect(env).toMatchObject({
      MIST_BASE_URL: "http://127.0.0.1:8090",
      MIST_RATE_BUDGET: 4500,
      WORKER_DOMAIN: "wan",
    });
  });

  it("watches SLEs for 30 minutes, every minute, against 0.90 unless told otherwise", () => {
    const base = { MIST_API_TOKEN: "abcdefgh12345678" };
    expect(loadEnv(WorkersEnv, base)).toMatchObject({
      ASSURANCE_SOAK_S: 1800,
      ASSURANCE_POLL_S: 60,
      ASSURANCE_THRESHOLD: 0.9,
    });
    expect(loadEnv(WorkersEnv, { ...base, ASSURANCE_SOAK_S: "2", ASSURANCE_POLL_S: "0.5" })).toMatchObject({
      ASSURANCE_SOAK_S: 2,
      ASSURANCE_POLL_S: 0.5,
    });
    expect(() => loadEnv(WorkersEnv, { ...base, ASSURANCE_THRESHOLD: "90" })).toThrow(/ASSURANCE_THRESHOLD/);
  });

  it("refuses an unknown domain", () => {
    expect(() =>
      loadEnv(WorkersEnv, { MIST_API_TOKEN: "abcdefgh12345678", WORKER_DOMAIN: "billing" }),
    ).toThrow(/WORKER_DOMAIN/);
  });
});
