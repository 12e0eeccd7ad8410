import { producerConnection, type RedisClient, scanKeys, whenReady } from "@mistflow/config";
import type { PskRotationView } from "@mistflow/contracts";
import { PskRotationStore } from "@mistflow/psk-rotations";
import { PSK_ROTATION_QUEUE, ROTATE_PSK_JOB } from "@mistflow/queues";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer, Queue } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Keyring, newApiKey } from "../auth";
import { testApp } from "../test-support/test-app";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

describe("/v1/psk-rotations", () => {
  const prefix = uniquePrefix("pskapi");
  const admin = newApiKey("ops", ["admin"]);
  const writer = newApiKey("ci", ["deployments:write"]);
  const reader = newApiKey("noc", ["read"]);
  let redis: RedisClient;
  let flows: FlowProducer;
  let queue: Queue;
  let app: Hono;

  const call = (method: string, path: string, key: string, body?: unknown) =>
    app.request(`/v1/psk-rotations${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const jobs = async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);
  const issues = async (res: Response) =>
    ((await res.json()) as { issues?: { field: string }[] }).issues?.map((i) => i.field);

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    queue = new Queue(PSK_ROTATION_QUEUE, { connection: redis, prefix });
    app = testApp(redis, flows, prefix, {
      bodyLimitBytes: 16_384,
      auth: {
        keyring: new Keyring([admin.entry, writer.entry, reader.entry]),
        redis,
        prefix,
        rateLimitPerMinute: 1_000,
      },
      pskRotations: { store: new PskRotationStore(redis, prefix), queue, sinks: new Set(["vault"]) },
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    const keys = await scanKeys(redis, `${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all([queue.close(), flows.close()]);
    redis.disconnect();
  });

  it("refuses bad requests naming the field, and enqueues nothing", async () => {
    const cases: Array<[unknown, number, string[]]> = [
      [{ org_id: "nope", psk_name: "staff", sink: "vault" }, 400, ["org_id"]],
      [{ org_id: ORG, sink: "vault" }, 400, ["psk_name"]],
      [{ org_id: ORG, psk_name: "staff", sink: "vault", policy: { length: 7 } }, 400, ["policy.length"]],
      [{ org_id: ORG, psk_name: "staff", sink: "vault", policy: { classes: [] } }, 400, ["policy.classes"]],
      [{ org_id: ORG, psk_name: "staff", sink: "vault", overlap_s: -1 }, 400, ["overlap_s"]],
      [{ org_id: ORG, psk_name: "staff", sink: "vault", passphrase: "x" }, 400, ["body"]],
      [{ org_id: ORG, psk_name: "staff", sink: "elsewhere" }, 422, ["sink"]],
    ];
    for (const [body, status, fields] of cases) {
      const res = await call("POST", "", admin.key, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await issues(res)).toEqual(fields);
    }
    expect((await call("POST", "", admin.key, "{")).status).toBe(400);
    expect(await jobs()).toBe(0);
  });

  it("needs admin to rotate and read to look; records who asked, and one rotation per PSK at a time", async () => {
    const body = { org_id: ORG, psk_name: "staff", sink: "vault", overlap_s: 60 };
    expect((await call("POST", "", writer.key, body)).status).toBe(403);
    expect((await call("POST", "", reader.key, body)).status).toBe(403);
    const res = await call("POST", "", admin.key, body);
    expect(res.status).toBe(202);
    const created = (await res.json()) as PskRotationView;
    expect(res.headers.get("location")).toBe(`/v1/psk-rotations/${created.id}`);
    expect(created).toMatchObject({
      state: "queued",
      requested_by: { kind: "api_key", name: "ops" },
      overlap_s: 60,
    });
    expect(created.policy).toEqual({
      length: 20,
      classes: ["lower", "upper", "digits"],
      require_each: true,
      exclude_ambiguous: true,
    });
    const job = await queue.getJob(`${created.id}.rotate`);
    expect(job?.name).toBe(ROTATE_PSK_JOB);
    expect(job?.data).toEqual({ rotation_id: created.id });

    const again = await call("POST", "", admin.key, body);
    expect(again.status).toBe(409);
    expect(again.headers.get("location")).toBe(`/v1/psk-rotations/${created.id}`);
    expect(await jobs()).toBe(1);

    expect(await (await call("GET", `/${created.id}`, reader.key)).json()).toEqual(created);
    expect((await call("GET", "/pskrot-000000000000000000000000", reader.key)).status).toBe(404);
    const history = (await (await call("GET", `?org_id=${ORG}`, reader.key)).json()) as PskRotationView[];
    expect(history.map((r) => r.id)).toEqual([created.id]);
    expect(await issues(await call("GET", "", reader.key))).toEqual(["org_id"]);
    expect((await call("GET", `?org_id=${ORG}`, "mf_unknown")).status).toBe(401);
  });

  it("retries only a rotation that failed after Mist took the passphrase", async () => {
    const [latest] = (await (await call("GET", `?org_id=${ORG}`, reader.key)).json()) as PskRotationView[];
    const res = await call("POST", `/${latest?.id}/retry`, admin.key);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /is queued: only a rotation that failed after Mist/,
    );
  });

  it("creates, updates, lists and removes schedules; a bad cron names the field", async () => {
    const schedule = {
      org_id: ORG,
      psk_names: ["guest", "iot"],
      cron: "0 3 * * 1",
      tz: "Europe/Paris",
      sink: "vault",
    };
    const first = await call("POST", "/schedules", admin.key, schedule);
    expect(first.status).toBe(201);
    const view = (await first.json()) as { id: string; next_run_at: string };
    expect(view).toMatchObject({
      id: expect.stringMatching(/^pskrot-sched-[0-9a-f]{16}$/),
      cron: "0 3 * * 1",
      tz: "Europe/Paris",
      psk_names: ["guest", "iot"],
      sink: "vault",
      requested_by: { kind: "api_key", name: "ops" },
    });
    expect(Date.parse(view.next_run_at)).toBeGreaterThan(Date.now());
    // Same org and PSKs (in any order): the same schedule, updated.
    const updated = await call("POST", "/schedules", admin.key, {
      ...schedule,
      psk_names: ["iot", "guest"],
      cron: undefined,
      every_s: 3600,
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ id: view.id, every_s: 3600 });
    const listed = (await (await call("GET", `/schedules?org_id=${ORG}`, reader.key)).json()) as {
      id: string;
    }[];
    expect(listed.map((s) => s.id)).toEqual([view.id]);

    expect(
      await issues(await call("POST", "/schedules", admin.key, { ...schedule, cron: "61 * * * *" })),
    ).toEqual(["cron"]);
    expect(await issues(await call("POST", "/schedules", admin.key, { ...schedule, every_s: 60 }))).toEqual([
      "cron",
    ]);
    expect(
      await issues(await call("POST", "/schedules", admin.key, { ...schedule, tz: "Mars/Base" })),
    ).toEqual(["tz"]);
    expect(
      await issues(await call("POST", "/schedules", admin.key, { ...schedule, psk_names: ["a", "a"] })),
    ).toEqual(["psk_names"]);
    expect((await call("POST", "/schedules", writer.key, schedule)).status).toBe(403);

    expect((await call("DELETE", `/schedules/${view.id}`, writer.key)).status).toBe(403);
    expect((await call("DELETE", `/schedules/${view.id}`, admin.key)).status).toBe(200);
    expect((await call("DELETE", `/schedules/${view.id}`, admin.key)).status).toBe(404);
    expect(await (await call("GET", "/schedules", reader.key)).json()).toEqual([]);
  });
});
