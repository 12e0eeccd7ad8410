import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, OTHER_ORG_ID, READONLY_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

describe("authentication and authorisation", () => {
  const ctx = useSim();

  it("answers 401 'not provided' without an Authorization header", async () => {
    const res = await ctx.api.get("/self", { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
    expect(res.headers.get("www-authenticate")).toBe("Token");
  });

  it("treats another auth scheme as not provided, like DRF", async () => {
    const res = await ctx.api.get("/self", { token: null, headers: { Authorization: "Bearer abc" } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("Authentication credentials were not provided.");
  });

  it("answers 401 'Invalid token.' for an unknown token", async () => {
    const res = await ctx.api.get("/self", { token: "no-such-token-000000" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Invalid token." });
  });

  it("explains malformed Token headers", async () => {
    const empty = await ctx.api.get("/self", { token: null, headers: { Authorization: "Token" } });
    expect(empty.body.detail).toBe("Invalid token header. No credentials provided.");
    const spaced = await ctx.api.get("/self", { token: null, headers: { Authorization: "Token a b" } });
    expect(spaced.body.detail).toBe("Invalid token header. Token string should not contain spaces.");
  });

  it("accepts the keyword case-insensitively", async () => {
    const res = await ctx.api.get("/self", {
      token: null,
      headers: { Authorization: `token ${READONLY_TOKEN}` },
    });
    expect(res.status).toBe(200);
  });

  it("lets a read-only token read but answers 403 to its writes", async () => {
    const ro = ctx.api.withToken(READONLY_TOKEN);
    expect((await ro.get(`/orgs/${DEFAULT_ORG_ID}/sites`)).status).toBe(200);
    for (const res of [
      await ro.post(`/orgs/${DEFAULT_ORG_ID}/sites`, { name: "x" }),
      await ro.post(`/orgs/${DEFAULT_ORG_ID}/networks`, { name: "x" }),
      await ro.put(`/orgs/${DEFAULT_ORG_ID}/inventory`, { op: "unassign", macs: [] }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: "You do not have permission to perform this action." });
    }
  });

  it("answers 403 for an org the token has no privilege on, and for its sites", async () => {
    const res = await ctx.api.get(`/orgs/${OTHER_ORG_ID}/sites`);
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("You do not have permission to perform this action.");
    const unknownOrg = await ctx.api.get("/orgs/00000000-0000-4000-8000-000000000000/sites");
    expect(unknownOrg.status).toBe(403);

    const site = await ctx.api.post(`/orgs/${DEFAULT_ORG_ID}/sites`, { name: "mine" });
    const other = ctx.api.withToken("sim-other-token-0123456789abcdef0123456789abcd");
    expect((await other.get(`/sites/${site.body.id}`)).status).toBe(403);
  });

  it("answers 404 with the DRF body for unknown objects and unknown endpoints", async () => {
    const site = await ctx.api.get("/sites/00000000-0000-4000-8000-000000000000");
    expect(site.status).toBe(404);
    expect(site.body).toEqual({ detail: "Not found." });
    const endpoint = await ctx.api.get(`/orgs/${DEFAULT_ORG_ID}/no-such-collection`);
    expect(endpoint.status).toBe(404);
    expect(endpoint.body).toEqual({ detail: "Not found." });
  });
});
