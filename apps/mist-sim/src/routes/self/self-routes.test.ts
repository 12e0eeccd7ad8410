import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, DEFAULT_SEED, READONLY_TOKEN } from "../../seed/default-seed";
import { parseSeed } from "../../seed/load-seed";
import { useSim } from "../../test-support/use-sim";

describe("GET /self", () => {
  const userSeed = parseSeed({
    ...DEFAULT_SEED,
    tokens: [
      ...DEFAULT_SEED.tokens,
      {
        value: "sim-user-token-1",
        alias: "alice-1",
        kind: "user",
        email: "alice@example.com",
        first_name: "Alice",
        last_name: "Admin",
        privileges: [{ scope: "org", role: "write", org_id: DEFAULT_ORG_ID }],
      },
      {
        value: "sim-user-token-2",
        alias: "alice-2",
        kind: "user",
        email: "alice@example.com",
        privileges: [{ scope: "org", role: "write", org_id: DEFAULT_ORG_ID }],
      },
    ],
  });
  const ctx = useSim({ seed: userSeed });

  it("describes an org token: name and privileges, no email", async () => {
    const res = await ctx.api.get("/self");
    expect(res.status).toBe(200);
    expect(res.body.email).toBeUndefined();
    expect(res.body.name).toEqual(expect.any(String));
    expect(res.body.privileges).toEqual([
      { scope: "org", role: "admin", org_id: DEFAULT_ORG_ID, org_name: "Demo Org", name: "Demo Org" },
    ]);
  });

  it("reports the read role of the read-only token", async () => {
    const res = await ctx.api.withToken(READONLY_TOKEN).get("/self");
    expect(res.body.privileges[0].role).toBe("read");
  });

  it("describes a user token with email and names", async () => {
    const res = await ctx.api.withToken("sim-user-token-1").get("/self");
    expect(res.body).toMatchObject({ email: "alice@example.com", first_name: "Alice", last_name: "Admin" });
    expect(res.body.privileges[0]).toMatchObject({ role: "write", org_id: DEFAULT_ORG_ID });
  });

  it("counts calls per token in /self/usage, including the usage call itself", async () => {
    await ctx.api.get("/self");
    await ctx.api.get(`/orgs/${DEFAULT_ORG_ID}/sites`);
    const usage = await ctx.api.get("/self/usage");
    expect(usage.body).toEqual({ requests: 3, request_limit: 5000, seconds: expect.any(Number) });
    expect(usage.body.seconds).toBeGreaterThan(0);
    expect(usage.body.seconds).toBeLessThanOrEqual(3600);
    const other = await ctx.api.withToken(READONLY_TOKEN).get("/self/usage");
    expect(other.body.requests).toBe(1);
  });

  it("shares one budget between user tokens of the same admin", async () => {
    await ctx.api.withToken("sim-user-token-1").get("/self");
    const usage = await ctx.api.withToken("sim-user-token-2").get("/self/usage");
    expect(usage.body.requests).toBe(2);
  });
});
