import { fileURLToPath } from "node:url";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { producerConnection, whenReady } from "@mistflow/config";
import type { DeploymentView } from "@mistflow/contracts";
import { DeploymentStore } from "@mistflow/deployments";
import { createLogger } from "@mistflow/logger";
import { ALL_QUEUE_NAMES, NOTIFY_QUEUE } from "@mistflow/queues";
import { uniquePrefix } from "@mistflow/testing";
import { FlowProducer, Queue } from "bullmq";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../app";
import {
  jiraIssueUpdated,
  ORG,
  serviceNowRecord,
  TEST_SECRETS,
  testWebhooksConfig,
} from "../test-support/webhook-payloads";
import {
  base64Hmac,
  buildWebhookSources,
  DeliveryDedup,
  hubSignature,
  standardWebhookSignature,
  standardWebhooksKey,
} from "../webhooks";

interface Answer {
  status: string;
  error?: string;
  message?: string;
  reason?: string;
  issues?: Array<{ field: string; message: string }>;
  deployment?: { id: string; idempotency_key: string };
}

describe("POST /v1/webhooks/:source", () => {
  const prefix = uniquePrefix("webhooks");
  let redis: ReturnType<typeof producerConnection>;
  let flows: FlowProducer;
  let queues: Queue[];
  let notify: Queue;
  let app: Hono;

  const post = async (source: string, body: unknown, headers: Record<string, string>) => {
    const res = await app.request(`/v1/webhooks/${source}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer, location: res.headers.get("location") };
  };
  const jira = (body: unknown, delivery = crypto.randomUUID(), extra: Record<string, string> = {}) => {
    const raw = JSON.stringify(body);
    return post("jira", raw, {
      "x-hub-signature": hubSignature(raw, TEST_SECRETS.T_JIRA_SECRET),
      "x-atlassian-webhook-identifier": delivery,
      ...extra,
    });
  };
  const snowBasic = `Basic ${Buffer.from(`${TEST_SECRETS.T_SNOW_USER}:${TEST_SECRETS.T_SNOW_PASSWORD}`).toString("base64")}`;
  const genericKey = standardWebhooksKey(TEST_SECRETS.T_GENERIC_SECRET) as Buffer;
  const generic = (body: unknown, id = `msg_${crypto.randomUUID()}`, ts = Math.floor(Date.now() / 1000)) => {
    const raw = JSON.stringify(body);
    return post("generic", raw, {
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": standardWebhookSignature(genericKey, id, String(ts), raw),
    });
  };
  const stepJobs = async () => {
    let total = 0;
    for (const q of queues) total += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
    return total;
  };
  const deploymentCount = async () => (await redis.keys(`${prefix}:dep:*`)).length;
  const view = async (id: string) =>
    (await (await app.request(`/v1/deployments/${id}`)).json()) as DeploymentView;

  beforeAll(async () => {
    redis = producerConnection(inject("redisUrl"));
    await whenReady(redis);
    flows = new FlowProducer({ connection: redis, prefix });
    queues = ALL_QUEUE_NAMES.map((n) => new Queue(n, { connection: redis, prefix }));
    notify = new Queue(NOTIFY_QUEUE, { connection: redis, prefix });
    app = createApp({
      store: new DeploymentStore(redis, prefix),
      flows,
      catalog: await BlueprintCatalog.load(
        fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url)),
      ),
      policy: { attempts: 3, backoffMs: 100 },
      regions: ["NA-EAST", "NA-WEST", "EMEA-S"],
      notify,
      redis,
      log: createLogger({ name: "test", level: "silent" }),
      bodyLimitBytes: 64 * 1024,
      legacyBlueprint: "retail-branch",
      webhooks: {
        sources: buildWebhookSources(testWebhooksConfig(), TEST_SECRETS),
        dedup: new DeliveryDedup(redis, prefix),
      },
    });
  });

  afterAll(async () => {
    for (const q of [...queues, notify]) await q.obliterate({ force: true });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await Promise.all([flows.close(), ...queues.map((q) => q.close()), notify.close()]);
    redis.disconnect();
  });

  it("turns an approved Jira issue into a deployment keyed by the ticket, and queues its 'accepted' note", async () => {
    const res = await jira(jiraIssueUpdated("NET-10"));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "accepted", source: "jira", ticket: "NET-10" });
    const id = res.body.deployment?.id as string;
    expect(res.location).toBe(`/v1/deployments/${id}`);
    const v = await view(id);
    expect(v.idempotency_key).toBe("jira:NET-10");
    expect(v.request.ticket).toEqual({ source: "jira", type: "jira", key: "NET-10" });
    expect(v.request.devices.claim_codes).toEqual(["06C9F-35WOA-XV9AD", "1AB2C-3DE4F-5GH6I"]);
    expect(v.request.site).toMatchObject({ region: "NA-EAST", name: "Store NET-10" });
    const job = await notify.getJob(`${id}.notify-accepted`);
    expect(job?.data).toEqual({ deployment_id: id, event: "accepted" });
  });

  it("deploys once however often the same webhook comes: same delivery 5 times, or re-sent under new ids", async () => {
    const body = jiraIssueUpdated("NET-11");
    const delivery = crypto.randomUUID();
    const same = await Promise.all(Array.from({ length: 5 }, () => jira(body, delivery)));
    expect(same.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(same.filter((r) => r.body.status === "duplicate")).toHaveLength(4);
    const jobs = await stepJobs();
    const deployments = await deploymentCount();
    const notes = await notify.getJobCountByTypes("waiting", "delayed", "active", "completed", "failed");

    const resent = await Promise.all(Array.from({ length: 3 }, () => jira(body)));
    expect(resent.map((r) => [r.status, r.body.status])).toEqual(Array(3).fill([200, "duplicate"]));
    const ids = new Set([...same, ...resent].map((r) => r.body.deployment?.id).filter(Boolean));
    expect(ids.size).toBe(1);
    expect(await stepJobs()).toBe(jobs);
    expect(await deploymentCount()).toBe(deployments);
    expect(await notify.getJobCountByTypes("waiting", "delayed", "active", "completed", "failed")).toBe(
      notes,
    );
  });

  it("answers 202 'ignored' with the reason for events that are not the trigger, enqueueing nothing", async () => {
    const before = await stepJobs();
    const moved = await jira(jiraIssueUpdated("NET-12", "In Progress"));
    expect(moved.status).toBe(202);
    expect(moved.body).toEqual({
      status: "ignored",
      source: "jira",
      reason: 'NET-12 moved to "In Progress"; deployments start on "Approved"',
    });
    const other = await jira({ ...jiraIssueUpdated("NET-12"), webhookEvent: "jira:issue_deleted" });
    expect(other.body.status).toBe("ignored");
    expect(await stepJobs()).toBe(before);
  });

  it("answers 422 naming the missing fields, enqueues nothing, and processes the delivery again once retried", async () => {
    const before = { jobs: await stepJobs(), deps: await deploymentCount() };
    const body = jiraIssueUpdated("NET-13", "Approved", { customfield_10050: null, customfield_10053: "" });
    const delivery = crypto.randomUUID();
    for (let i = 0; i < 2; i++) {
      const res = await jira(body, delivery);
      expect(res.status).toBe(422);
      expect(res.body.issues).toEqual([
        { field: "site.name", message: "ticket field fields.customfield_10050 is missing or empty" },
        { field: "site.timezone", message: "ticket field fields.customfield_10053 is missing or empty" },
      ]);
    }
    const badTz = await jira(jiraIssueUpdated("NET-13", "Approved", { customfield_10053: "Mars/Olympus" }));
    expect(badTz.status).toBe(422);
    expect(badTz.body.message).toContain("site.timezone: must be an IANA time zone");
    expect(badTz.body.message).toContain("from ticket field fields.customfield_10053");
    const badBlueprint = await jira(jiraIssueUpdated("NET-13", "Approved", { customfield_10055: "stadium" }));
    expect(badBlueprint.status).toBe(422);
    expect(badBlueprint.body.message).toContain('unknown blueprint "stadium"');
    expect({ jobs: await stepJobs(), deps: await deploymentCount() }).toEqual(before);
  });

  it("refuses bad signatures with 401 and unknown sources with 404, enqueueing nothing", async () => {
    const before = await stepJobs();
    const body = JSON.stringify(jiraIssueUpdated("NET-14"));
    const wrongSecret = await post("jira", body, { "x-hub-signature": hubSignature(body, "not-the-secret") });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({
      error: "unauthorized",
      message: "X-Hub-Signature does not match the body",
    });
    const tampered = await post("jira", body.replace("NET-14", "NET-15"), {
      "x-hub-signature": hubSignature(body, TEST_SECRETS.T_JIRA_SECRET),
    });
    expect(tampered.status).toBe(401);
    const missing = await post("jira", body, {});
    expect(missing).toMatchObject({
      status: 401,
      body: { message: "missing X-Hub-Signature or x-mistflow-token" },
    });
    const unknown = await post("gitlab", body, {});
    expect(unknown).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await stepJobs()).toBe(before);
  });

  it("accepts Jira Automation's unsigned request with the shared-secret header", async () => {
    const { issue } = jiraIssueUpdated("NET-16");
    const res = await post("jira", { issue }, { "x-mistflow-token": TEST_SECRETS.T_JIRA_AUTOMATION });
    expect(res).toMatchObject({ status: 202, body: { status: "accepted", ticket: "NET-16" } });
    const wrong = await post("jira", { issue }, { "x-mistflow-token": "guessed" });
    expect(wrong.status).toBe(401);
  });

  it("a ticket deploys once: re-approved with different fields is a 422, not a second deployment", async () => {
    expect((await jira(jiraIssueUpdated("NET-17"))).status).toBe(202);
    const changed = await jira(jiraIssueUpdated("NET-17", "Approved", { customfield_10051: "Elsewhere 1" }));
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({
      error: "ticket_conflict",
      message: expect.stringContaining("NET-17"),
    });
  });

  it("accepts a ServiceNow record by Basic auth or by the base64 HMAC, carrying its sys_id", async () => {
    const record = serviceNowRecord("CHG0030001");
    const basic = await post("servicenow", record, { authorization: snowBasic });
    expect(basic).toMatchObject({ status: 202, body: { status: "accepted", ticket: "CHG0030001" } });
    const v = await view(basic.body.deployment?.id as string);
    expect(v.request.ticket).toEqual({
      source: "servicenow",
      type: "servicenow",
      key: "CHG0030001",
      sys_id: record.sys_id,
    });
    expect(v.request.site.region).toBe("NA-WEST");

    const signed = JSON.stringify(serviceNowRecord("CHG0030002"));
    const mac = await post("servicenow", signed, {
      "x-mistflow-signature": base64Hmac(signed, TEST_SECRETS.T_SNOW_SECRET),
    });
    expect(mac).toMatchObject({ status: 202, body: { ticket: "CHG0030002" } });
    const wrong = await post("servicenow", signed, { "x-mistflow-signature": base64Hmac(signed, "other") });
    expect(wrong.status).toBe(401);
    const notYet = await post("servicenow", serviceNowRecord("CHG0030003", "-3"), {
      authorization: snowBasic,
    });
    expect(notYet.body).toMatchObject({ status: "ignored", reason: expect.stringContaining("CHG0030003") });
  });

  it("accepts a Standard Webhooks event once: a replayed id does nothing, a stale timestamp is refused", async () => {
    const event = {
      type: "site.approved",
      timestamp: new Date().toISOString(),
      data: {
        ticket_id: "REQ-1001",
        org_id: ORG,
        callback_url: "https://hooks.example.com/mistflow/REQ-1001",
        site: {
          name: "Generic 1",
          address: "1 Main St",
          region: "EMEA-S",
          timezone: "Europe/Paris",
          country_code: "FR",
        },
        vars: { guest_vlan: "130" },
      },
    };
    const id = `msg_${crypto.randomUUID()}`;
    const first = await generic(event, id);
    expect(first).toMatchObject({ status: 202, body: { status: "accepted", ticket: "REQ-1001" } });
    const v = await view(first.body.deployment?.id as string);
    expect(v.request.ticket?.callback_url).toBe("https://hooks.example.com/mistflow/REQ-1001");
    expect(v.request.vars).toEqual({ guest_vlan: "130" });
    const jobs = await stepJobs();

    const replay = await generic(event, id);
    expect(replay).toMatchObject({ status: 200, body: { status: "duplicate", delivery: id } });
    const stale = await generic(event, `msg_${crypto.randomUUID()}`, Math.floor(Date.now() / 1000) - 301);
    expect(stale).toMatchObject({
      status: 401,
      body: { message: "webhook-timestamp is more than 300 s from now" },
    });
    expect(await stepJobs()).toBe(jobs);

    const elsewhere = await generic({
      ...event,
      data: { ...event.data, callback_url: "https://evil.example/x" },
    });
    expect(elsewhere.status).toBe(422);
  });

  it("does not let a plain API client set the write-back target", async () => {
    const res = await app.request("/v1/deployments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        org_id: ORG,
        site: { name: "X", address: "Y", timezone: "UTC", country_code: "US", region: "NA-EAST" },
        blueprint: "retail-branch",
        ticket: { source: "jira", type: "jira", key: "NET-99" },
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Answer).message).toContain("ticket");
  });
});
