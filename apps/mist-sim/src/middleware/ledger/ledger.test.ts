import { describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID, DEFAULT_SEED, DEFAULT_TOKEN, READONLY_TOKEN } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";
import { Ledger } from "./ledger";

describe("ledger over HTTP", () => {
  const ctx = useSim();

  it("records every /api/v1 request with alias, org, query and status, never token values", async () => {
    await ctx.api.get(`/orgs/${DEFAULT_ORG_ID}/sites?limit=2`);
    await ctx.api.get("/self", { token: null });
    await ctx.api.get("/self", { token: "sim-unknown-token-zzz" });
    await ctx.api.withToken(READONLY_TOKEN).post(`/orgs/${DEFAULT_ORG_ID}/sites`, { name: DEFAULT_TOKEN });
    await ctx.api.admin("GET", "/counts"); // admin calls are not recorded

    const res = await ctx.api.admin("GET", "/ledger");
    expect(res.body).toEqual([
      {
        seq: 1,
        at: expect.any(Number),
        method: "GET",
        path: `/api/v1/orgs/${DEFAULT_ORG_ID}/sites`,
        query: "limit=2",
        status: 200,
        token_alias: "demo",
        org_id: DEFAULT_ORG_ID,
        duration_ms: expect.any(Number),
      },
      expect.objectContaining({ seq: 2, status: 401, token_alias: null, org_id: null }),
      expect.objectContaining({ seq: 3, status: 401, token_alias: null }),
      expect.objectContaining({ seq: 4, method: "POST", status: 403, token_alias: "readonly" }),
    ]);
    for (const token of DEFAULT_SEED.tokens) expect(res.text).not.toContain(token.value);
  });

  it("marks a request that uses a deprecated field with the field and version, never the values", async () => {
    await ctx.api.put(`/orgs/${DEFAULT_ORG_ID}/inventory`, {
      op: "assign",
      site_id: "00000000-0000-0000-0000-000000000000",
      macs: ["5c5b35000001"],
      managed: true,
    });
    await ctx.api.get("/self", { token: null, headers: { Authorization: "Basic dXNlcjpzZWNyZXQ=" } });
    await ctx.api.get("/self");
    const entries = (await ctx.api.admin("GET", "/ledger")).body as Array<{ deprecated?: string[] }>;
    expect(entries.map((e) => e.deprecated)).toEqual([
      ["managed (2602.1.1; use mist_configured)"],
      ["basic auth (2604.1.4; use an API token (Authorization: Token …))"],
      undefined,
    ]);
  });

  it("filters by since and token alias", async () => {
    await ctx.api.get("/self");
    await ctx.api.withToken(READONLY_TOKEN).get("/self");
    await ctx.api.get("/self");
    const since = await ctx.api.admin("GET", "/ledger?since=1");
    expect(since.body.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
    const demo = await ctx.api.admin("GET", "/ledger?token=demo");
    expect(demo.body.map((e: { seq: number }) => e.seq)).toEqual([1, 3]);
    expect((await ctx.api.admin("GET", "/ledger?since=x")).status).toBe(400);
  });

  it("resolves the org of site-scoped requests", async () => {
    const site = (await ctx.api.post(`/orgs/${DEFAULT_ORG_ID}/sites`, { name: "s" })).body;
    await ctx.api.get(`/sites/${site.id}/setting`);
    const ledger = (await ctx.api.admin("GET", "/ledger")).body;
    expect(ledger.at(-1)).toMatchObject({ path: `/api/v1/sites/${site.id}/setting`, org_id: DEFAULT_ORG_ID });
  });
});

describe("Ledger", () => {
  it("caps stored entries but keeps counting and numbering", () => {
    const ledger = new Ledger(10);
    for (let i = 0; i < 25; i++) {
      ledger.record({
        at: i,
        method: "GET",
        path: "/api/v1/self",
        query: "",
        status: i % 2 ? 200 : 429,
        token_alias: "demo",
        org_id: null,
        duration_ms: 0,
      });
    }
    const entries = ledger.list();
    expect(entries.length).toBeLessThanOrEqual(11);
    expect(entries.at(-1)?.seq).toBe(25);
    expect(ledger.counts()).toEqual({
      total: 25,
      by_status: { "200": 12, "429": 13 },
      by_token: { demo: 25 },
    });
  });
});
