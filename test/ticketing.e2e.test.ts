import { createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeploymentView } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasServices, requestTrace, STEP_WORKERS } from "./support/otlp";
import { eventually, type Recorded, startRecordingServer } from "./support/recording-server";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";
import { jiraEvent, snowRecord, sysId, ticketingConfig } from "./support/ticketing-fixtures";

/**
 * Ticket-driven intake over real processes: local HTTP servers play Jira, ServiceNow and a
 * Standard Webhooks receiver, and record the write-backs the notify worker sends them.
 */

const hex = () => randomBytes(16).toString("hex");
const callbackKey = randomBytes(32);
/** What the intake verifies with: only the intake process gets these. */
const inbound = {
  JIRA_WEBHOOK_SECRET: `jira-wh-${hex()}`,
  JIRA_AUTOMATION_SECRET: `jira-auto-${hex()}`,
  SNOW_WEBHOOK_USER: "mistflow-intake",
  SNOW_WEBHOOK_PASSWORD: `snow-in-${hex()}`,
  SNOW_WEBHOOK_SECRET: `snow-mac-${hex()}`,
  GENERIC_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString("base64")}`,
};
/** What the notify worker writes back with: only the notify worker gets these. */
const outbound = {
  JIRA_EMAIL: "mistflow-bot@acme.example",
  JIRA_API_TOKEN: `jira-api-${hex()}`,
  SNOW_API_USER: "mistflow.api",
  SNOW_API_PASSWORD: `snow-api-${hex()}`,
  GENERIC_CALLBACK_SECRET: `whsec_${callbackKey.toString("base64")}`,
};
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const PUBLIC_URL = "https://mistflow.example.test";
describe("ticketing: Jira, ServiceNow and Standard Webhooks in, write-back out", () => {
  let stack: TestStack;
  let jira: Awaited<ReturnType<typeof startRecordingServer>>;
  let snow: Awaited<ReturnType<typeof startRecordingServer>>;
  let receiver: Awaited<ReturnType<typeof startRecordingServer>>;
  let collector: Awaited<ReturnType<typeof startRecordingServer>>;
  let dir: string;

  const webhook = async (source: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${stack.apiUrl}/v1/webhooks/${source}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        status?: string;
        reason?: string;
        message?: string;
        issues?: Array<{ field: string; message: string }>;
        deployment?: { id: string };
      },
    };
  };
  /** Signed as Jira signs admin webhooks with a secret. */
  const postJira = (body: unknown, delivery: string = crypto.randomUUID()) => {
    const raw = JSON.stringify(body);
    return webhook("jira", raw, {
      "x-hub-signature": `sha256=${createHmac("sha256", inbound.JIRA_WEBHOOK_SECRET).update(raw).digest("hex")}`,
      "x-atlassian-webhook-identifier": delivery,
      "x-atlassian-webhook-flow": "Primary",
      "user-agent": "Atlassian Webhook HTTP Client",
    });
  };
  const postGeneric = (body: unknown, id: string, ts = Math.floor(Date.now() / 1000)) => {
    const raw = JSON.stringify(body);
    const key = Buffer.from(inbound.GENERIC_WEBHOOK_SECRET.slice("whsec_".length), "base64");
    const sig = createHmac("sha256", key).update(`${id}.${ts}.${raw}`).digest("base64");
    return webhook("generic", raw, {
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": `v1,${sig}`,
    });
  };
  const finished = async (id: string): Promise<DeploymentView> => {
    const [view] = await stack.waitForEnd([id]);
    if (!view) throw new Error(`no view of ${id}`);
    return view;
  };
  const commentsOn = (key: string) =>
    jira.requests
      .filter((r) => r.method === "POST" && r.path === `/rest/api/3/issue/${key}/comment`)
      .map((r) => JSON.parse(r.body) as { body: { content: Array<{ content: Array<{ text: string }> }> } })
      .map((c) => c.body.content.map((p) => p.content.map((t) => t.text).join("")).join("\n"));

  beforeAll(async () => {
    [jira, snow, receiver, collector] = await Promise.all([
      startRecordingServer(),
      startRecordingServer((r) => (r.method === "PATCH" ? 200 : 404)),
      startRecordingServer(() => 204),
      startRecordingServer(() => 200),
    ]);
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    dir = await mkdtemp(join(tmpdir(), "mistflow-ticketing-"));
    const config = join(dir, "webhooks.json");
    await writeFile(
      config,
      JSON.stringify(
        ticketingConfig({
          jira: jira.url,
          servicenow: snow.url,
          receiver: receiver.url,
          publicUrl: PUBLIC_URL,
        }),
      ),
    );
    stack = await startTestStack("ticketing", {
      intakeEnv: { WEBHOOKS_CONFIG_FILE: config, ...inbound, ...otel },
      workerEnv: otel,
      notifyEnv: { WEBHOOKS_CONFIG_FILE: config, ...outbound, ...otel },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
    await Promise.all([jira?.close(), snow?.close(), receiver?.close(), collector?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("approved Jira issue → deployment runs → the issue gets 'accepted' and 'succeeded' comments and its transition", async () => {
    const res = await postJira(jiraEvent("NET-101", "Approved", { customfield_10056: "06C9F-35WOA-XV9AD" }));
    expect(res.status).toBe(202);
    expect(res.body.status).toBe("accepted");
    const id = res.body.deployment?.id as string;
    const view = await finished(id);
    expect(view.status, JSON.stringify(view.error)).toBe("succeeded");
    expect(view.idempotency_key).toBe("jira:NET-101");
    expect(view.request.devices.claim_codes).toEqual(["06C9F-35WOA-XV9AD"]);

    const comments = await eventually("two comments on NET-101", () => {
      const c = commentsOn("NET-101");
      return c.length >= 2 ? c : undefined;
    });
    expect(comments).toHaveLength(2);
    expect(comments[0]).toContain('mistflow accepted the deployment of site "NET-101 Branch"');
    expect(comments[1]).toContain('mistflow deployed site "NET-101 Branch": all steps succeeded');
    expect(comments[1]).toContain(`Status: ${PUBLIC_URL}/v1/deployments/${id}`);
    const transition = await eventually("the transition", () =>
      jira.requests.find((r) => r.path === "/rest/api/3/issue/NET-101/transitions"),
    );
    expect(JSON.parse(transition.body)).toEqual({ transition: { id: "41" } });
    for (const r of jira.requests) {
      expect(r.headers.authorization).toBe(basic(outbound.JIRA_EMAIL, outbound.JIRA_API_TOKEN));
      expect(r.headers["content-type"]).toBe("application/json");
    }
  });

  it("one trace runs from the Jira webhook through the flow's jobs to the Mist calls and the write-back", async () => {
    const exportsBefore = collector.requests.length;
    const res = await postJira(jiraEvent("NET-150", "Approved"));
    expect(res.status).toBe(202);
    expect((await finished(res.body.deployment?.id as string)).status).toBe("succeeded");
    const found = await eventually(
      "a trace from the Jira webhook to a Mist call and the write-back",
      () => {
        const bodies = collector.requests
          .slice(exportsBefore)
          .filter((r) => r.path === "/v1/traces")
          .map((r) => r.body);
        const t = requestTrace(bodies, "POST", "/v1/webhooks/jira");
        const siteCreate = t?.mistCalls.find((s) => s.name === "POST /orgs/{id}/sites");
        const complete = t && hasServices(t, [...STEP_WORKERS, "worker-notify"]);
        return t && t.jobs.length >= 14 && siteCreate && complete ? { ...t, siteCreate } : undefined;
      },
      30_000,
    );
    const services = new Set(found.trace.map((s) => s.service));
    for (const d of ["sites", "inventory", "wan", "wired", "wireless", "orchestration", "notify"])
      expect(services).toContain(`worker-${d}`);
    expect(found.siteCreate.service).toBe("worker-sites");
    const text = JSON.stringify(found.trace);
    const secrets = Object.entries({ ...inbound, ...outbound }).filter(([k]) =>
      /SECRET|PASSWORD|TOKEN/.test(k),
    );
    for (const [, secret] of secrets) expect(text).not.toContain(secret);
  });

  it("deploys once when the same webhook is delivered 5 times, and when the ticket is re-sent", async () => {
    const event = jiraEvent("NET-102");
    const delivery = crypto.randomUUID();
    const five = await Promise.all(Array.from({ length: 5 }, () => postJira(event, delivery)));
    expect(five.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    const resent = await Promise.all([postJira(event), postJira(event)]);
    expect(resent.map((r) => [r.status, r.body.status])).toEqual([
      [200, "duplicate"],
      [200, "duplicate"],
    ]);
    const id = five.find((r) => r.status === 202)?.body.deployment?.id as string;
    expect(resent.map((r) => r.body.deployment?.id)).toEqual([id, id]);
    expect((await finished(id)).status).toBe("succeeded");

    const all = (await (await fetch(`${stack.apiUrl}/v1/deployments?limit=500`)).json()) as Array<{
      idempotency_key: string;
    }>;
    expect(all.filter((d) => d.idempotency_key === "jira:NET-102")).toHaveLength(1);
    const sites = await stack.sim.objects<{ name: string }>(DEMO_ORG, "sites");
    expect(sites.filter((s) => s.name === "NET-102 Branch")).toHaveLength(1);
    await eventually("the succeeded comment on NET-102", () =>
      commentsOn("NET-102").length >= 2 ? true : undefined,
    );
    // Once no job of the deployment (write-backs included) can run, there are still just two.
    await stack.waitForNoLiveJobs(id);
    expect(commentsOn("NET-102")).toHaveLength(2);
  });

  it("ServiceNow record → deployment → the record gets work notes and its state through the Table API", async () => {
    const res = await webhook("servicenow", snowRecord("CHG0030101"), {
      authorization: basic(inbound.SNOW_WEBHOOK_USER, inbound.SNOW_WEBHOOK_PASSWORD),
    });
    expect(res.status).toBe(202);
    const view = await finished(res.body.deployment?.id as string);
    expect(view.status).toBe("succeeded");
    const record = sysId("CHG0030101");
    expect(view.request.ticket).toEqual({
      source: "servicenow",
      type: "servicenow",
      key: "CHG0030101",
      sys_id: record,
    });

    const patches = await eventually("two work notes", () => {
      const p = snow.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(record));
      return p.length >= 2 ? p : undefined;
    });
    expect(patches.map((p) => p.path)).toEqual([
      `/api/now/table/change_request/${record}`,
      `/api/now/table/change_request/${record}`,
    ]);
    const [accepted, succeeded] = patches.map(
      (p) => JSON.parse(p.body) as { work_notes: string; state?: string },
    );
    expect(accepted?.work_notes).toMatch(
      /^\[mistflow\] mistflow accepted the deployment of site "CHG0030101 Branch"/,
    );
    expect(accepted?.state).toBeUndefined();
    expect(succeeded?.work_notes).toContain("all steps succeeded");
    expect(succeeded?.state).toBe("0");
    for (const p of patches)
      expect(p.headers.authorization).toBe(basic(outbound.SNOW_API_USER, outbound.SNOW_API_PASSWORD));

    // A Business Rule signing with generateMac (base64 HMAC of the body) instead of Basic auth.
    const raw = JSON.stringify(snowRecord("CHG0030102"));
    const mac = createHmac("sha256", inbound.SNOW_WEBHOOK_SECRET).update(raw).digest("base64");
    const signed = await webhook("servicenow", raw, { "x-mistflow-signature": mac });
    expect(signed).toMatchObject({ status: 202, body: { status: "accepted" } });
    expect((await finished(signed.body.deployment?.id as string)).status).toBe("succeeded");
  });

  it("generic Standard Webhooks event with a callback → the callback receives signed events", async () => {
    const event = {
      type: "site.approved",
      timestamp: new Date().toISOString(),
      data: {
        ticket_id: "REQ-2001",
        callback_url: `${receiver.url}/hooks/REQ-2001`,
        site: {
          name: "REQ-2001 Branch",
          address: "3 Rue de Rivoli, Paris",
          region: "EMEA-S",
          timezone: "Europe/Paris",
          country_code: "FR",
        },
      },
    };
    const msgId = `msg_${hex()}`;
    const res = await postGeneric(event, msgId);
    expect(res.status).toBe(202);
    expect((await finished(res.body.deployment?.id as string)).status).toBe("succeeded");
    expect(await postGeneric(event, msgId)).toMatchObject({ status: 200, body: { status: "duplicate" } });

    const delivered = await eventually("two signed callbacks", () =>
      receiver.requests.length >= 2 ? receiver.requests : undefined,
    );
    const verify = (r: Recorded) => {
      const id = String(r.headers["webhook-id"]);
      const ts = String(r.headers["webhook-timestamp"]);
      const expected = createHmac("sha256", callbackKey).update(`${id}.${ts}.${r.body}`).digest("base64");
      expect(String(r.headers["webhook-signature"]).split(" ")).toContain(`v1,${expected}`);
      expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(300);
      return JSON.parse(r.body) as { type: string; data: { ticket_key: string; status: string } };
    };
    expect(delivered.map((r) => r.path)).toEqual(["/hooks/REQ-2001", "/hooks/REQ-2001"]);
    expect(delivered.map((r) => verify(r).type)).toEqual(["deployment.accepted", "deployment.succeeded"]);
    expect(verify(delivered[1] as Recorded).data).toMatchObject({
      ticket_key: "REQ-2001",
      status: "succeeded",
    });
    expect(new Set(delivered.map((r) => r.headers["webhook-id"])).size).toBe(2);
  });

  it("a failing deployment tells the ticket which step failed, with Mist's own detail", async () => {
    await stack.forgetCatalog();
    await stack.sim.addFault({
      method: "GET",
      path: "^/orgs/[^/]+/rftemplates$",
      status: 400,
      detail: "invalid field: band_5.channels",
    });
    try {
      const res = await postJira(jiraEvent("NET-105"));
      const view = await finished(res.body.deployment?.id as string);
      expect(view.status).toBe("failed");
      const comments = await eventually("three comments on NET-105", () => {
        const c = commentsOn("NET-105");
        return c.length >= 3 ? c : undefined;
      });
      const failed = comments.find(
        (c) => c.includes("the deployment of site") && c.includes("failed at step"),
      );
      const step = comments.find((c) => c.includes("step s09 (RF template) failed"));
      expect(failed).toContain("Mist answered HTTP 400: invalid field: band_5.channels");
      expect(step).toContain("Mist answered HTTP 400: invalid field: band_5.channels");
      expect(jira.requests.filter((r) => r.path === "/rest/api/3/issue/NET-105/transitions")).toEqual([]);
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("answers the documented statuses, enqueueing nothing for refused or ignored events", async () => {
    const jobs = await stack.jobCount();
    const raw = JSON.stringify(jiraEvent("NET-106"));
    const forged = await webhook("jira", raw, {
      "x-hub-signature": `sha256=${createHmac("sha256", "not-the-secret").update(raw).digest("hex")}`,
    });
    expect(forged).toMatchObject({
      status: 401,
      body: { message: "X-Hub-Signature does not match the body" },
    });
    expect((await webhook("jira", raw, {})).status).toBe(401);
    expect((await webhook("github", raw, {})).status).toBe(404);
    const ignored = await postJira(jiraEvent("NET-106", "In Progress"));
    expect(ignored).toMatchObject({
      status: 202,
      body: { status: "ignored", reason: expect.stringContaining("In Progress") },
    });
    const missing = await postJira(jiraEvent("NET-106", "Approved", { customfield_10051: "" }));
    expect(missing.status).toBe(422);
    expect(missing.body.issues).toEqual([
      { field: "site.address", message: "ticket field fields.customfield_10051 is missing or empty" },
    ]);
    const automation = await webhook(
      "jira",
      { issue: jiraEvent("NET-106", "Approved").issue },
      {
        "x-mistflow-token": "a guess",
      },
    );
    expect(automation.status).toBe(401);
    const stale = await postGeneric(
      { type: "site.approved", data: {} },
      `msg_${hex()}`,
      Math.floor(Date.now() / 1000) - 600,
    );
    expect(stale.status).toBe(401);
    expect(await stack.jobCount()).toBe(jobs);
  });

  it("keeps webhook secrets and write-back credentials out of logs, job data and Redis", async () => {
    const secrets = [
      ...Object.values(inbound).filter((v) => v !== inbound.SNOW_WEBHOOK_USER),
      outbound.JIRA_API_TOKEN,
      outbound.SNOW_API_PASSWORD,
      outbound.GENERIC_CALLBACK_SECRET,
      callbackKey.toString("base64"),
      basic(outbound.JIRA_EMAIL, outbound.JIRA_API_TOKEN).slice("Basic ".length),
      basic(outbound.SNOW_API_USER, outbound.SNOW_API_PASSWORD).slice("Basic ".length),
      basic(inbound.SNOW_WEBHOOK_USER, inbound.SNOW_WEBHOOK_PASSWORD).slice("Basic ".length),
    ];
    const { logs, everything } = await whatMistflowWrote(stack);
    expect(logs.get("worker-notify.log")).toContain('"ticket notified"');
    expect(everything).toContain("webhook-seen");
    expectNoSecrets(everything, secrets);
  });
});
