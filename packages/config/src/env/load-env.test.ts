import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BaseEnv } from "./base-env";
import { boolEnv, EnvError, loadEnv } from "./load-env";

describe("loadEnv", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const env = loadEnv(BaseEnv, { LOG_LEVEL: "", REDIS_URL: "redis://r:6379" });
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.REDIS_URL).toBe("redis://r:6379");
    expect(env.MISTFLOW_PREFIX).toBe("{mistflow}");
  });

  it("names every invalid variable", () => {
    const run = () => loadEnv(BaseEnv, { MISTFLOW_PREFIX: "mistflow", REDIS_URL: "nope" });
    expect(run).toThrow(EnvError);
    try {
      run();
    } catch (e) {
      const issues = (e as EnvError).issues.join("\n");
      expect(issues).toContain("MISTFLOW_PREFIX: must be a hash tag");
      expect(issues).toContain("REDIS_URL");
    }
  });

  it("parses booleans explicitly", () => {
    const schema = z.object({ FLAG: boolEnv.default(false) });
    expect(loadEnv(schema, { FLAG: "yes" }).FLAG).toBe(true);
    expect(loadEnv(schema, { FLAG: "0" }).FLAG).toBe(false);
    expect(() => loadEnv(schema, { FLAG: "maybe" })).toThrow(/FLAG/);
  });
});

describe("REDIS_URL", () => {
  it("accepts a server or a cluster and names the variable otherwise", () => {
    expect(loadEnv(BaseEnv, { REDIS_URL: "redis://r:6379/2" }).REDIS_URL).toBe("redis://r:6379/2");
    expect(loadEnv(BaseEnv, { REDIS_URL: "redis-cluster://a:7000,b:7001" }).REDIS_URL).toBe(
      "redis-cluster://a:7000,b:7001",
    );
    expect(() => loadEnv(BaseEnv, { REDIS_URL: "redis-cluster://a" })).toThrow(/REDIS_URL/);
  });
});
