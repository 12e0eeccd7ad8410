import { producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { DEFAULT_IPAM_CONFIG, IpamAllocator } from "@mistflow/ipam";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp } from "../test-support/test-app";

describe("/v1/ipam", () => {
  const prefix = uniquePrefix("ipam-api");
  let redis: RedisClient;
  let flows: FlowProducer;
  let allocator: IpamAllocator;
  let app: Hono;
  const admin = { authorization: `Basic ${Buffer.from("admin:admin-password-123").toString("base64")}` };

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    allocator = new IpamAllocator(redis, { prefix: `${prefix}:`, config: DEFAULT_IPAM_CONFIG });
    app = testApp(redis, flows, prefix, {
      regions: DEFAULT_IPAM_CONFIG.zones.map((z) => z.code),
      board: { queues: [], username: "admin", password: "admin-password-123" },
      ipam: { allocator, config: DEFAULT_IPAM_CONFIG },
    });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await flows.close();
    redis.disconnect();
  });

  it("reports every zone's capacity and use", async () => {
    const zones = (await (await app.request("/v1/ipam/zones")).json()) as Array<{
      code: string;
      capacity: number;
      free: number;
    }>;
    expect(zones.map((z) => z.code)).toEqual(DEFAULT_IPAM_CONFIG.zones.map((z) => z.code));
    expect(zones[0]).toMatchObject({ capacity: 2048, free: 2048 });
  });

  it("previews a plan without allocating, then shows the held block", async () => {
    const preview = (await (await app.request("/v1/ipam/plan?region=NA-EAST&site=Store%201")).json()) as {
      allocated: boolean;
      block: string;
      vars: Record<string, string>;
    };
    expect(preview).toMatchObject({ allocated: false, block: "10.0.0.0/22" });
    expect(preview.vars.data_vlan).toBe("10");
    expect(await allocator.get("Store 1")).toBeUndefined();

    await allocator.allocate("NA-EAST", "Store 0");
    await allocator.allocate("NA-EAST", "Store 1");
    const held = (await (await app.request("/v1/ipam/plan?region=NA-EAST&site=Store%201")).json()) as {
      allocated: boolean;
      block: string;
    };
    expect(held).toMatchObject({ allocated: true, block: "10.0.4.0/22" });
    const list = (await (await app.request("/v1/ipam/allocations?region=NA-EAST")).json()) as Array<{
      siteName: string;
    }>;
    expect(list.map((a) => a.siteName)).toEqual(["Store 0", "Store 1"]);
  });

  it("names the field for a missing or unknown region", async () => {
    expect((await app.request("/v1/ipam/plan?site=x")).status).toBe(400);
    const res = await app.request("/v1/ipam/allocations?region=MOON");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toContain("region");
  });

  it("releases a block only for an admin", async () => {
    expect((await app.request("/v1/ipam/allocations/Store%200", { method: "DELETE" })).status).toBe(401);
    const ok = await app.request("/v1/ipam/allocations/Store%200", { method: "DELETE", headers: admin });
    expect(ok.status).toBe(200);
    expect(
      (await app.request("/v1/ipam/allocations/Store%200", { method: "DELETE", headers: admin })).status,
    ).toBe(404);
    // The freed index is the next one handed out.
    expect((await allocator.allocate("NA-EAST", "Store 2")).index).toBe(0);
  });

  it("answers 400 naming the site for a malformed escape, and decodes a literal % once", async () => {
    const bad = await app.request("/v1/ipam/allocations/Store%E0%A4%A", { method: "DELETE", headers: admin });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe("site: is not valid percent-encoding");
    await allocator.allocate("NA-EAST", "Store 100%");
    const ok = await app.request("/v1/ipam/allocations/Store%20100%25", { method: "DELETE", headers: admin });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ site: "Store 100%", released: true });
  });

  it("previews the older 10.{zone}.{site} plan and refuses zones where it would overlap", async () => {
    const ok = (await (await app.request("/v1/ipam/plan?scheme=legacy&zone=7&site=42")).json()) as {
      vars: Record<string, string>;
    };
    expect(ok.vars).toMatchObject({ data_subnet: "10.7.42.0/24", voice_subnet: "10.107.42.0/24" });
    const bad = await app.request("/v1/ipam/plan?scheme=legacy&zone=51&site=1");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toContain("is zone 1's guest block");
  });
});
