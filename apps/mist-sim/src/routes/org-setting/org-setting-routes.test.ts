import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, READONLY_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("org setting", () => {
  const ctx = useSim();

  it("answers defaults for an unconfigured org: no policy, no auto-upgrade, no self-driving", async () => {
    const res = await ctx.api.get(`${ORG}/setting`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      org_id: DEFAULT_ORG_ID,
      api_policy: { enforce_src_ips_for_tokens: false },
      auto_upgrade: { enabled: false },
      marvis: { self_driving: { wired: { enabled: false } } },
    });
  });

  it("stores a partial update and keeps the other top-level fields", async () => {
    await ctx.api.put(`${ORG}/setting`, { auto_upgrade: { enabled: true, version: "stable" } });
    const res = await ctx.api.put(`${ORG}/setting`, {
      marvis: { self_driving: { wired: { enabled: true } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.auto_upgrade).toEqual({ enabled: true, version: "stable" });
    expect((await ctx.api.get(`${ORG}/setting`)).body.marvis.self_driving.wired.enabled).toBe(true);
  });

  it("refuses more than 10 src_ips, a malformed entry, and a policy that locks out the caller", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `10.0.0.${i}`);
    const tooMany = await ctx.api.put(`${ORG}/setting`, { api_policy: { src_ips: eleven } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain("api_policy.src_ips");
    expect((await ctx.api.put(`${ORG}/setting`, { api_policy: { src_ips: ["nope"] } })).status).toBe(400);
    const lockout = await ctx.api.put(`${ORG}/setting`, { api_policy: { src_ips: ["192.0.2.0/24"] } });
    expect(lockout.status).toBe(400);
    expect(lockout.body.detail).toBe("invalid field: api_policy.src_ips");
  });

  it("lets a read token read but not write", async () => {
    const ro = ctx.api.withToken(READONLY_TOKEN);
    expect((await ro.get(`${ORG}/setting`)).status).toBe(200);
    expect((await ro.put(`${ORG}/setting`, { auto_upgrade: { enabled: true } })).status).toBe(403);
  });
});

describe("source-IP enforcement for org tokens", () => {
  const ctx = useSim();

  it("answers 403 from outside src_ips once enforced, and nothing changes before that", async () => {
    // The harness hook skips the self-lock-out check, so the policy can exclude this host.
    await ctx.api.admin("PUT", `${ORG}/setting`, { api_policy: { src_ips: ["192.0.2.0/24"] } });
    expect((await ctx.api.get(`${ORG}/sites`)).status).toBe(200);
    await ctx.api.admin("PUT", `${ORG}/setting`, {
      api_policy: { src_ips: ["192.0.2.0/24"], enforce_src_ips_for_tokens: true },
    });
    const refused = await ctx.api.get(`${ORG}/sites`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("127.0.0.1");
    expect((await ctx.api.get("/self")).status).toBe(403);
    const ledger = (await ctx.api.admin("GET", "/ledger")).body as Array<{ status: number; org_id: string }>;
    expect(ledger.at(-1)).toMatchObject({ status: 403, org_id: DEFAULT_ORG_ID });
  });

  it("lets a caller inside src_ips through", async () => {
    await ctx.api.put(`${ORG}/setting`, {
      api_policy: { src_ips: ["127.0.0.0/8", "::1"], enforce_src_ips_for_tokens: true },
    });
    expect((await ctx.api.get(`${ORG}/sites`)).status).toBe(200);
  });
});
