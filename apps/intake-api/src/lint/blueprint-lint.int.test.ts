import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { MistEnv, producerConnection, type RedisClient, whenReady } from "@mistflow/config";
import { BatchStore } from "@mistflow/deployments";
import { DEFAULT_IPAM_CONFIG, IpamAllocator } from "@mistflow/ipam";
import { tokenPoolFromEnv } from "@mistflow/mist-client";
import { DEFAULT_ORG_ID, DEFAULT_TOKEN, type RunningSim, startSim } from "@mistflow/mist-sim";
import { loadBlueprintLinter, mistSpecPath } from "@mistflow/mist-spec";
import { ALL_QUEUE_NAMES } from "@mistflow/queues";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer, Queue } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp } from "../test-support/test-app";
import { BlueprintLint } from "./blueprint-lint";

const SPEC = mistSpecPath();
const HAVE_SPEC = SPEC !== undefined && existsSync(SPEC);
// CI has the spec; there a missing file must fail, not pass as skipped.
const RUN = HAVE_SPEC || process.env.CI === "true";

/** One WLAN with a misspelled field, a string where Mist wants an integer, and an unknown enum value. */
const blueprint = (wlan: Record<string, unknown>) =>
  JSON.stringify({ name: "lint-wifi", version: 1, wlan_template: { name: "lint-wlans" }, wlans: [wlan] });
const BROKEN = { ssid: "Corp", vlan_idd: 10, max_num_clients: "10", auth: { type: "wpa9" } };
const FIXED = {
  ssid: "Corp",
  vlan_idd: 10,
  max_num_clients: 10,
  auth: { type: "psk", psk: "correct-horse-battery" },
};

const WARNING = {
  path: "blueprint.wlans[0].vlan_idd",
  message: "unknown property `vlan_idd` — did you mean `vlan_id`?",
};
const ERROR_PATHS = ["blueprint.wlans[0].max_num_clients", "blueprint.wlans[0].auth.type"];

const request = (name: string) => ({
  org_id: DEFAULT_ORG_ID,
  site: { name, address: "1 Main St", timezone: "Europe/Paris", country_code: "FR", region: "NA-EAST" },
  blueprint: "lint-wifi",
});

describe.skipIf(!RUN)("blueprint lint at submit, batch and plan", () => {
  const prefix = uniquePrefix("lint");
  let redis: RedisClient;
  let flows: FlowProducer;
  let queues: Queue[];
  let sim: RunningSim;
  let dir: string;
  let broken: Hono;
  let fixed: Hono;

  const post = (app: Hono, path: string, body: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const jobCount = async () => {
    let total = 0;
    for (const q of queues) total += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
    return total;
  };
  // One hash per deployment record; its companions (events, steps) have longer keys.
  const records = async () =>
    (await redis.keys(`${prefix}:dep:*`)).filter((k) => /:dep:[^:]+$/.test(k)).length;

  beforeAll(async () => {
    if (!HAVE_SPEC) throw new Error(`no Mist spec at ${SPEC} (CI=true: this test requires it)`);
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    queues = ALL_QUEUE_NAMES.map((n) => new Queue(n, { connection: redis, prefix }));
    sim = await startSim();
    dir = await mkdtemp(join(tmpdir(), "lint-bp-"));
    const lint = new BlueprintLint(loadBlueprintLinter(SPEC as string));
    const mist = tokenPoolFromEnv(
      {
        ...MistEnv.parse({ MIST_BASE_URL: sim.url, MIST_API_TOKEN: DEFAULT_TOKEN }),
        MISTFLOW_PREFIX: prefix,
      },
      redis,
    );
    const appWith = async (name: string, wlan: Record<string, unknown>) => {
      const sub = await mkdtemp(join(dir, `${name}-`));
      await writeFile(join(sub, "lint-wifi.json"), blueprint(wlan));
      return testApp(redis, flows, prefix, {
        catalog: await BlueprintCatalog.load(sub),
        lint,
        batches: new BatchStore(redis, prefix),
        regions: DEFAULT_IPAM_CONFIG.zones.map((z) => z.code),
        bodyLimitBytes: 65_536,
        ...(mist ? { mist } : {}),
        ipam: {
          allocator: new IpamAllocator(redis, { prefix: `${prefix}:`, config: DEFAULT_IPAM_CONFIG }),
          config: DEFAULT_IPAM_CONFIG,
        },
      });
    };
    broken = await appWith("broken", BROKEN);
    fixed = await appWith("fixed", FIXED);
  });

  afterAll(async () => {
    for (const q of queues ?? []) await q.obliterate({ force: true });
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await Promise.all([flows?.close(), ...(queues ?? []).map((q) => q.close())]);
    redis?.disconnect();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses the submit with 422 naming each path: no record, no job, no Mist call", async () => {
    const res = await post(broken, "/v1/deployments", request("Lint 1"));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Record<string, unknown> & { issues: Array<Record<string, string>> };
    expect(body.error).toBe("blueprint_lint_failed");
    expect(body.issues.map((i) => i.path)).toEqual(ERROR_PATHS);
    expect(body.issues.map((i) => i.field)).toEqual(ERROR_PATHS);
    expect(body.issues[0]?.message).toBe("expected integer, got string");
    expect(body.issues[1]?.message).toMatch(/^"wpa9" is not one of/);
    expect(body.lint_warnings).toEqual([WARNING]);
    expect(await records()).toBe(0);
    expect(await jobCount()).toBe(0);
    expect(sim.state.ledger.list()).toEqual([]);
  });

  it("refuses the batch with 422 naming each path once, however many rows share the blueprint", async () => {
    const res = await post(broken, "/v1/deployments/batch", [request("Lint 1"), request("Lint 2")]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { rows: Array<{ row: number; field: string; message: string }> };
    expect(body.rows.map((r) => [r.row, r.field])).toEqual(ERROR_PATHS.map((p) => [1, p]));
    expect(body.rows[0]?.message).toMatch(/and 1 other row\(s\) of blueprint lint-wifi/);
    expect((body as Record<string, unknown>).lint_warnings).toEqual([WARNING]);
    expect(await redis.keys(`${prefix}:batch:*`)).toEqual([]);
    expect(await records()).toBe(0);
    expect(await jobCount()).toBe(0);
    expect(sim.state.ledger.list()).toEqual([]);
  });

  it("refuses the plan with 422 before reading Mist, paths under the request's index in a list", async () => {
    const one = await post(broken, "/v1/plan", request("Lint 1"));
    expect(one.status).toBe(422);
    expect(((await one.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(
      ERROR_PATHS,
    );
    const list = await post(broken, "/v1/plan", [request("Lint 1"), request("Lint 2")]);
    expect(list.status).toBe(422);
    const paths = ((await list.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual([...ERROR_PATHS.map((p) => `[0].${p}`), ...ERROR_PATHS.map((p) => `[1].${p}`)]);
    expect(sim.state.ledger.list()).toEqual([]);
    expect(await jobCount()).toBe(0);
  });

  it("accepts the fixed blueprint, with the misspelling as a warning, at plan, submit and batch", async () => {
    const plan = await post(fixed, "/v1/plan", request("Lint 1"));
    expect(plan.status).toBe(200);
    expect(((await plan.json()) as Record<string, unknown>).lint_warnings).toEqual([WARNING]);

    const submit = await post(fixed, "/v1/deployments", request("Lint 1"));
    expect(submit.status).toBe(202);
    expect(((await submit.json()) as Record<string, unknown>).lint_warnings).toEqual([WARNING]);
    expect(await records()).toBe(1);

    const batch = await post(fixed, "/v1/deployments/batch", [request("Lint 2"), request("Lint 3")]);
    expect(batch.status).toBe(202);
    const accepted = (await batch.json()) as { created: number; lint_warnings: unknown };
    expect(accepted.created).toBe(2);
    expect(accepted.lint_warnings).toEqual([WARNING]);
    expect(await jobCount()).toBeGreaterThan(0);
  });
});
