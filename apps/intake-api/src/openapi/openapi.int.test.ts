import { fileURLToPath } from "node:url";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { DeploymentRequest, LegacyDeployRequest, PlanRequest } from "@mistflow/contracts";
import { BlueprintRegistry, DeploymentStore } from "@mistflow/deployments";
import { DEFAULT_IPAM_CONFIG, IpamAllocator } from "@mistflow/ipam";
import { createLogger } from "@mistflow/logger";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { type AppDeps, createApp } from "../app";
import { OPERATIONS } from "./operations";

type Json = Record<string, unknown>;
const BOARD_PASSWORD = "openapi-test-board-password";

/** Every `$ref` in the document, with where it sits. */
function refs(node: unknown, at = "#"): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [{ at, ref: v }] : refs(v, `${at}/${k}`),
  );
}

const resolve = (doc: Json, ref: string): unknown =>
  ref
    .replace(/^#\//, "")
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);

describe("GET /openapi.json and /docs", () => {
  const prefix = uniquePrefix("openapi");
  let redis: RedisClient;
  let flows: FlowProducer;
  let app: Hono;
  let doc: Json;

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    const catalog = await BlueprintCatalog.load(
      fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url)),
    );
    // Every optional route group switched on, so app.routes lists everything the API can serve.
    const deps: AppDeps = {
      store: new DeploymentStore(redis, prefix),
      flows,
      catalog,
      registry: new BlueprintRegistry(redis, prefix),
      policy: { attempts: 3, backoffMs: 100 },
      regions: ["NA-EAST"],
      redis,
      log: createLogger({ name: "test", level: "silent" }),
      bodyLimitBytes: 1_048_576,
      legacyBlueprint: "retail-branch",
      ipam: {
        allocator: new IpamAllocator(redis, { prefix, config: DEFAULT_IPAM_CONFIG }),
        config: DEFAULT_IPAM_CONFIG,
      },
      metricsQueues: [],
      board: { queues: [], username: "admin", password: BOARD_PASSWORD },
      webhooks: { sources: new Map(), dedup: {} as never },
      ...({
        batches: {},
        lifecycle: { transitions: {}, queues: [] },
        upgrades: {},
        rollouts: {},
        drift: {},
        pskRotations: {},
        decommissions: {},
        imports: {},
      } as unknown as Partial<AppDeps>),
    };
    app = createApp(deps);
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    doc = (await res.json()) as Json;
  });

  afterAll(async () => {
    await flows.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("is an OpenAPI 3.1 document whose every path has operations and every $ref resolves", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const paths = doc.paths as Record<string, Record<string, Json>>;
    expect(Object.keys(paths).length).toBeGreaterThan(10);
    for (const [path, item] of Object.entries(paths)) {
      const ops = Object.keys(item).filter((k) => ["get", "post", "put", "patch", "delete"].includes(k));
      expect(ops.length, path).toBeGreaterThan(0);
      for (const m of ops) {
        const op = item[m] as Json;
        expect(Object.keys(op.responses as Json).length, `${m} ${path}`).toBeGreaterThan(0);
        // Every {param} of the path is declared as a path parameter.
        const declared = ((op.parameters as Json[] | undefined) ?? [])
          .filter((p) => p.in === "path")
          .map((p) => p.name);
        expect(declared.sort(), `${m} ${path}`).toEqual(
          [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort(),
        );
      }
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const { at, ref } of all) {
      expect(ref, at).toMatch(/^#\/components\/schemas\//);
      expect(resolve(doc, ref), `${at} → ${ref}`).toBeDefined();
    }
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents every route the app serves, and only those", () => {
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && !r.path.includes("*") && !r.path.startsWith("/admin/"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    expect([...served].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((r) => !served.has(r)).sort()).toEqual([]);
  });

  it("gives scopes to protected operations and declares the schemes they name", () => {
    const schemes = (doc.components as Json).securitySchemes as Json;
    expect(schemes.ApiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });
    const op = (path: string, method: string) =>
      (doc.paths as Record<string, Record<string, Json>>)[path]?.[method];
    expect(op("/v1/deployments", "post")?.security).toContainEqual({ ApiKey: ["deployments:write"] });
    expect(op("/v1/plan", "post")?.security).toContainEqual({ ApiKey: ["read"] });
    expect(op("/healthz", "get")?.security).toEqual([]);
    for (const item of Object.values(doc.paths as Record<string, Record<string, Json>>))
      for (const o of Object.values(item))
        for (const req of (o.security as Json[] | undefined) ?? [])
          for (const name of Object.keys(req)) expect(schemes[name], name).toBeDefined();
  });

  it("has request schemas that reject what the API rejects and accept what it accepts", async () => {
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    const good = {
      org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
      site: {
        name: "S 1",
        address: "1 Main St",
        timezone: "Europe/Paris",
        country_code: "FR",
        region: "NA-EAST",
      },
      blueprint: "retail-branch",
    };
    const samples: Array<[string, unknown]> = [
      ["unknown field", { ...good, colour: "red" }],
      ["bad org id", { ...good, org_id: "not-a-uuid" }],
      ["bad region", { ...good, site: { ...good.site, region: "mars" } }],
      ["missing site", { org_id: good.org_id, blueprint: "retail-branch" }],
      ["too many claim codes", { ...good, devices: { claim_codes: Array(501).fill("ABCDE-FGHIJ-KLMNO") } }],
    ];
    // The document's schema, turned back into a validator: what it says must be what the API does.
    const fromDoc = z.fromJSONSchema({ ...schemas.DeploymentRequest, $defs: undefined } as never);
    expect(fromDoc.safeParse(good).success).toBe(true);
    for (const [what, body] of samples) {
      const res = await app.request("/v1/deployments", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, what).toBe(400);
      expect(fromDoc.safeParse(body).success, what).toBe(false);
      expect(DeploymentRequest.safeParse(body).success, what).toBe(false);
    }
    expect(schemas.PlanRequest).toBeDefined();
    expect(PlanRequest.safeParse([good, good]).success).toBe(true);
    expect(LegacyDeployRequest.safeParse({}).success).toBe(false);
  });

  it("serves the docs as one self-contained HTML page, without any key, and no secret in either", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("<!doctype html>");
    for (const op of OPERATIONS) expect(html).toContain(`id="op-${op.operationId}"`);
    // Nothing is fetched from elsewhere at runtime.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    const json = JSON.stringify(doc);
    for (const text of [html, json]) expect(text).not.toContain(BOARD_PASSWORD);
  });
});
