import { fileURLToPath } from "node:url";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { DeploymentStore } from "@mistflow/deployments";
import { createLogger } from "@mistflow/logger";
import { ALL_QUEUE_NAMES } from "@mistflow/queues";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer, Queue } from "bullmq";
import type { Hono } from "hono";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../app";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const valid = () => ({
  org_id: ORG,
  site: {
    name: "Store 9",
    address: "9 Elm St",
    timezone: "Europe/Paris",
    country_code: "fr",
    region: "EMEA-S",
  },
  blueprint: "retail-branch",
  devices: { claim_codes: ["ABCDE-FGHIJ-KLMNO"], macs: ["5C:5B:35:00:00:01"] },
});

describe("POST /v1/deployments", () => {
  const prefix = uniquePrefix("intake");
  let redis: RedisClient;
  let flows: FlowProducer;
  let queues: Queue[];
  let app: Hono;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request("/v1/deployments", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const jobCount = async () => {
    let total = 0;
    for (const q of queues) total += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
    return total;
  };

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    queues = ALL_QUEUE_NAMES.map((n) => new Queue(n, { connection: redis, prefix }));
    const catalog = await BlueprintCatalog.load(
      fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url)),
    );
    app = createApp({
      store: new DeploymentStore(redis, prefix),
      flows,
      catalog,
      policy: { attempts: 3, backoffMs: 100 },
      regions: ["NA-EAST", "NA-WEST", "EMEA-S"],
      redis,
      log: createLogger({ name: "test", level: "silent" }),
      bodyLimitBytes: 4096,
      legacyBlueprint: "retail-branch",
    });
  });

  afterAll(async () => {
    for (const q of queues) await q.obliterate({ force: true });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all([flows.close(), ...queues.map((q) => q.close())]);
    redis.disconnect();
  });

  const invalid: Array<[string, () => Response | Promise<Response>, number, string]> = [
    ["malformed JSON", () => post('{"org_id": '), 400, "body"],
    [
      "wrong content type",
      () =>
        app.request("/v1/deployments", {
          method: "POST",
          body: "x",
          headers: { "content-type": "text/plain" },
        }),
      415,
      "Content-Type",
    ],
    ["empty body", () => post(""), 400, "body"],
    ["missing org_id", () => post({ ...valid(), org_id: undefined }), 400, "org_id"],
    ["org_id not a UUID", () => post({ ...valid(), org_id: "acme" }), 400, "org_id"],
    [
      "unknown time zone",
      () => post({ ...valid(), site: { ...valid().site, timezone: "Mars/Olympus" } }),
      400,
      "site.timezone",
    ],
    [
      "country code",
      () => post({ ...valid(), site: { ...valid().site, country_code: "FRA" } }),
      400,
      "site.country_code",
    ],
    ["site name missing", () => post({ ...valid(), site: { ...valid().site, name: "" } }), 400, "site.name"],
    [
      "wrong type",
      () => post({ ...valid(), site: { ...valid().site, latlng: { lat: "north", lng: 2 } } }),
      400,
      "site.latlng.lat",
    ],
    [
      "bad claim code",
      () => post({ ...valid(), devices: { claim_codes: ["nope"] } }),
      400,
      "devices.claim_codes[0]",
    ],
    ["bad MAC", () => post({ ...valid(), devices: { macs: ["zz"] } }), 400, "devices.macs[0]"],
    ["unknown field", () => post({ ...valid(), sitee: {} }), 400, "sitee"],
    ["bad variable name", () => post({ ...valid(), vars: { "1bad": "x" } }), 400, "vars"],
    ["unknown blueprint", () => post({ ...valid(), blueprint: "stadium" }), 422, "blueprint"],
    [
      "unknown IPAM zone",
      () => post({ ...valid(), site: { ...valid().site, region: "MOON" } }),
      422,
      "site.region",
    ],
    [
      "oversize body",
      () => post({ ...valid(), site: { ...valid().site, notes: "x".repeat(5000) } }),
      413,
      "body",
    ],
    [
      "X-Mist-API-Key without an encryption key",
      () => post(valid(), { "x-mist-api-key": "caller-token-1234567890" }),
      400,
      "X-Mist-API-Key",
    ],
    [
      "bad Idempotency-Key",
      () => post(valid(), { "idempotency-key": "has spaces in it" }),
      400,
      "Idempotency-Key",
    ],
  ];

  it.each(invalid)(
    "rejects %s with %i naming the field, enqueueing nothing",
    async (_name, send, status, field) => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.message).toContain(field);
      expect(await jobCount()).toBe(0);
      expect(await redis.keys(`${prefix}:dep:*`)).toEqual([]);
    },
  );

  it("accepts a deployment with 202 and a Location, then answers repeats with 200 and the same id", async () => {
    const first = await post(valid());
    expect(first.status).toBe(202);
    const body = (await first.json()) as { id: string; status: string };
    expect(first.headers.get("location")).toBe(`/v1/deployments/${body.id}`);
    expect(body.status).toBe("queued");
    const jobs = await jobCount();
    // Root, assurance (devices are assigned), late binding and the 8 skeleton steps; 2 and 10-13 attach later.
    expect(jobs).toBe(11);

    const again = await post(valid());
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
    expect(await jobCount()).toBe(jobs);

    const view = await app.request(`/v1/deployments/${body.id}`);
    expect(view.status).toBe(200);
    const v = (await view.json()) as {
      steps: Record<string, { state: string }>;
      request: { devices: { macs: string[] } };
    };
    expect(Object.keys(v.steps)).toHaveLength(15);
    expect(v.request.devices.macs).toEqual(["5c5b35000001"]);
  });

  it("treats an Idempotency-Key as the identity, and refuses to reuse it for another request", async () => {
    const a = await post(valid(), { "idempotency-key": "ticket-123" });
    expect(a.status).toBe(202);
    const b = await post(
      { ...valid(), site: { ...valid().site, name: "Elsewhere" } },
      { "idempotency-key": "ticket-123" },
    );
    expect(b.status).toBe(409);
    expect(((await b.json()) as { message: string }).message).toContain("ticket-123");
  });

  it("maps the legacy deploy-full-stack shape onto the same deployment", async () => {
    const res = await app.request("/orchestrator/deploy-full-stack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        org_id: ORG,
        site_name: "Legacy 7",
        zone_id: 2,
        site_id: 7,
        device_serials: ["FW4100000001"],
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const view = (await (await app.request(`/v1/deployments/${id}`)).json()) as {
      request: { site: { region: string; notes: string }; devices: { serials: string[] } };
    };
    expect(view.request.site.region).toBe("NA-WEST");
    expect(view.request.site.notes).toBe("legacy zone 2 site 7");
    expect(view.request.devices.serials).toEqual(["FW4100000001"]);
    const bad = await app.request("/orchestrator/deploy-full-stack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ org_id: ORG, site_name: "Legacy 8", zone_id: 40, site_id: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("zone_id");
  });

  it("answers 404 for unknown deployments and unknown routes", async () => {
    expect((await app.request("/v1/deployments/dep-000000000000000000000000")).status).toBe(404);
    expect((await app.request("/v1/deployments/not-an-id")).status).toBe(404);
    expect((await app.request("/v2/nothing")).status).toBe(404);
  });

  it("answers 503 quickly, not a hang, when Redis is unreachable", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on("error", () => {});
    const deadApp = createApp({
      store: new DeploymentStore(dead, prefix),
      flows: new FlowProducer({ connection: dead, prefix }),
      catalog: await BlueprintCatalog.load(
        fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url)),
      ),
      policy: { attempts: 1, backoffMs: 1 },
      regions: ["EMEA-S"],
      redis: dead,
      log: createLogger({ name: "test", level: "silent" }),
      bodyLimitBytes: 4096,
      legacyBlueprint: "retail-branch",
    });
    const started = Date.now();
    const res = await deadApp.request("/v1/deployments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid()),
    });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await deadApp.request("/readyz")).status).toBe(503);
    expect((await deadApp.request("/healthz")).status).toBe(200);
  });
});
