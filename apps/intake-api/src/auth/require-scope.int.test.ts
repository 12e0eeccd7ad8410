import { producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { DEFAULT_IPAM_CONFIG, IpamAllocator } from "@mistflow/ipam";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppDeps } from "../app";
import { testApp } from "../test-support/test-app";
import { Keyring, newApiKey } from "./keyring";

describe("API keys with scopes", () => {
  const prefix = uniquePrefix("auth");
  const writer = newApiKey("ci", ["deployments:write"]);
  const reader = newApiKey("noc", ["read"]);
  const admin = newApiKey("ops", ["admin"]);
  let redis: RedisClient;
  let flows: FlowProducer;
  let app: Hono;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const appWith = (extra: Partial<AppDeps>) => testApp(redis, flows, prefix, extra);

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    app = appWith({
      board: { queues: [], username: "admin", password: "board-password-123" },
      ipam: {
        allocator: new IpamAllocator(redis, { prefix: `${prefix}:`, config: DEFAULT_IPAM_CONFIG }),
        config: DEFAULT_IPAM_CONFIG,
      },
      auth: {
        keyring: new Keyring([writer.entry, reader.entry, admin.entry]),
        redis,
        prefix,
        rateLimitPerMinute: 5,
      },
    });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await flows.close();
    redis.disconnect();
  });

  it("refuses requests without a key or with an unknown one", async () => {
    const none = await app.request("/v1/deployments");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await app.request("/v1/deployments", { headers: bearer("mf_nope") })).status).toBe(401);
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("checks the scope each route needs and names the one missing", async () => {
    expect((await app.request("/v1/deployments", { headers: bearer(reader.key) })).status).toBe(200);
    const post = await app.request("/v1/deployments", {
      method: "POST",
      headers: { ...bearer(reader.key), "content-type": "application/json" },
      body: "{}",
    });
    expect(post.status).toBe(403);
    expect(((await post.json()) as { message: string }).message).toBe(
      "API key noc lacks the deployments:write scope",
    );
    const byWriter = await app.request("/v1/deployments", {
      method: "POST",
      headers: { "x-api-key": writer.key, "content-type": "application/json" },
      body: "{}",
    });
    expect(byWriter.status).toBe(400);
    const release = (key: string) =>
      app.request("/v1/ipam/allocations/x", { method: "DELETE", headers: bearer(key) });
    expect((await release(writer.key)).status).toBe(403);
    expect((await release(admin.key)).status).toBe(404);
  });

  it("opens the read-only Bull Board to any key that may read, as the basic-auth password", async () => {
    const basic = (pass: string) => ({
      authorization: `Basic ${Buffer.from(`anyone:${pass}`).toString("base64")}`,
    });
    for (const key of [admin.key, reader.key, writer.key]) {
      expect((await app.request("/admin/queues/api/queues", { headers: basic(key) })).status).toBe(200);
    }
    // Admin actions stay admin-only.
    const release = await app.request("/v1/ipam/allocations/x", {
      method: "DELETE",
      headers: basic(reader.key),
    });
    expect(release.status).not.toBe(200);
    const refused = await app.request("/admin/queues/api/queues", { headers: basic(`${reader.key}x`) });
    expect(refused.status).toBe(401);
    // The challenge is what makes a browser ask for the login.
    expect(refused.headers.get("www-authenticate")).toBe('Basic realm="mistflow admin"');
    expect(await refused.json()).toMatchObject({ error: "http_error" });
  });

  it("limits requests per key per minute, shared through Redis", async () => {
    const limited = newApiKey("batch", ["read"]);
    const ring = appWith({
      auth: { keyring: new Keyring([limited.entry]), redis, prefix, rateLimitPerMinute: 3 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await ring.request("/v1/deployments", { headers: bearer(limited.key) })).status);
    // A minute boundary may fall inside the loop; either way the budget is enforced.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    const last = await ring.request("/v1/deployments", { headers: bearer(limited.key) });
    if (last.status === 429) expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
