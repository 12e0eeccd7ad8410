import { createHmac, randomBytes } from "node:crypto";
import { isWebhooksConfigError } from "@mistflow/contracts";
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { failedView, testView } from "../../test-support/deployment-view";
import { renderMessage } from "../render";
import { buildWriteBack } from "./load-write-back";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const mapping = {
  org_id: { const: ORG },
  "site.name": "a",
  "site.address": "b",
  "site.region": "c",
  "site.timezone": "d",
  "site.country_code": "e",
  blueprint: { const: "retail-branch" },
};
const keyBytes = randomBytes(32);
const env = {
  JIRA_EMAIL: "bot@acme.example",
  JIRA_API_TOKEN: "jira-api-token-value",
  SNOW_USER: "mistflow",
  SNOW_PASSWORD: "snow-password-value",
  CALLBACK_SECRET: `whsec_${keyBytes.toString("base64")}`,
  INBOUND: "unused-here",
};
const config = {
  public_url: "https://mf.example.com/",
  sources: {
    jira: {
      auth: { hmac_secret_env: "INBOUND" },
      trigger: { status: "Approved" },
      mapping,
      write_back: {
        base_url: "https://acme.atlassian.net",
        email_env: "JIRA_EMAIL",
        api_token_env: "JIRA_API_TOKEN",
        transitions: { succeeded: "41" },
      },
    },
    servicenow: {
      auth: { basic: { username_env: "INBOUND", password_env: "INBOUND" } },
      trigger: { field: "state", equals: "-1" },
      mapping,
      write_back: {
        instance_url: "https://acme.service-now.com",
        username_env: "SNOW_USER",
        password_env: "SNOW_PASSWORD",
        table: "change_request",
        states: { succeeded: "0" },
        events: ["succeeded", "failed"],
      },
    },
    generic: {
      auth: { secret_env: "INBOUND" },
      trigger: { field: "type", equals: "x" },
      ticket_key: "id",
      mapping,
      write_back: {
        callback_url: "https://hooks.example.com/mistflow",
        allowed_callback_origins: ["https://ops.example.org"],
        secret_env: "CALLBACK_SECRET",
      },
    },
  },
};
const dep = "dep-0123456789abcdef01234567";
const succeeded = renderMessage(
  testView(),
  { deployment_id: dep, event: "succeeded" },
  "https://mf.example.com",
);
const { targets, publicUrl } = buildWriteBack(config, env);

describe("write-back targets", () => {
  it("comments on the Jira issue in ADF with Basic auth, then applies the event's transition", () => {
    expect(publicUrl).toBe("https://mf.example.com");
    const calls =
      targets.get("jira")?.calls({ source: "jira", type: "jira", key: "NET-1" }, succeeded, "m") ?? [];
    expect(calls.map((c) => [c.name, c.method, c.url])).toEqual([
      ["comment", "POST", "https://acme.atlassian.net/rest/api/3/issue/NET-1/comment"],
      ["transition", "POST", "https://acme.atlassian.net/rest/api/3/issue/NET-1/transitions"],
    ]);
    expect(calls[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("bot@acme.example:jira-api-token-value").toString("base64")}`,
    );
    expect(JSON.parse(calls[0]?.body ?? "{}").body).toMatchObject({ type: "doc", version: 1 });
    expect(JSON.parse(calls[1]?.body ?? "{}")).toEqual({ transition: { id: "41" } });
    for (const c of calls) expect(c.label).not.toContain("jira-api-token-value");
    const failed = renderMessage(failedView(), { deployment_id: dep, event: "failed" });
    expect(
      targets.get("jira")?.calls({ source: "jira", type: "jira", key: "NET-1" }, failed, "m"),
    ).toHaveLength(1);
    expect(() =>
      targets.get("jira")?.calls({ source: "jira", type: "jira", key: "../x" }, failed, "m"),
    ).toThrow(UnrecoverableError);
  });

  it("patches the ServiceNow record's work notes and state through the Table API", () => {
    const sysId = "a9e30c7dc61122760116894de7bcc7bd";
    const snow = targets.get("servicenow");
    expect(snow?.events).toEqual(["succeeded", "failed"]);
    const [call] =
      snow?.calls({ source: "servicenow", type: "servicenow", key: "CHG1", sys_id: sysId }, succeeded, "m") ??
      [];
    expect(call).toMatchObject({
      method: "PATCH",
      url: `https://acme.service-now.com/api/now/table/change_request/${sysId}`,
    });
    const body = JSON.parse(call?.body ?? "{}") as { work_notes: string; state: string };
    expect(body.state).toBe("0");
    expect(body.work_notes).toMatch(/^\[mistflow\] mistflow deployed site "Store NET-1"/);
    expect(() =>
      snow?.calls({ source: "servicenow", type: "servicenow", key: "CHG1" }, succeeded, "m"),
    ).toThrow(/no sys_id/);
  });

  it("signs generic callbacks as Standard Webhooks, only to allowed origins", () => {
    const generic = targets.get("generic");
    const ticket = { source: "generic", type: "generic" as const, key: "REQ-1" };
    const [call] = generic?.calls(ticket, succeeded, "msg_abc") ?? [];
    expect(call?.url).toBe("https://hooks.example.com/mistflow");
    const h = call?.headers ?? {};
    expect(h["webhook-id"]).toBe("msg_abc");
    const expected = createHmac("sha256", keyBytes)
      .update(`msg_abc.${h["webhook-timestamp"]}.${call?.body}`)
      .digest("base64");
    expect(h["webhook-signature"]).toBe(`v1,${expected}`);
    expect(JSON.parse(call?.body ?? "{}")).toMatchObject({
      type: "deployment.succeeded",
      data: { deployment_id: dep, status: "succeeded", ticket_key: "NET-1", event: "succeeded" },
    });
    const [own] =
      generic?.calls({ ...ticket, callback_url: "https://ops.example.org/cb" }, succeeded, "m") ?? [];
    expect(own?.url).toBe("https://ops.example.org/cb");
    expect(() =>
      generic?.calls({ ...ticket, callback_url: "https://evil.example/cb" }, succeeded, "m"),
    ).toThrow(/not allowed/);
  });

  it("lists every missing credential by variable name at startup", () => {
    try {
      buildWriteBack(config, { ...env, JIRA_API_TOKEN: undefined, SNOW_PASSWORD: "" });
      expect.unreachable();
    } catch (e) {
      if (!isWebhooksConfigError(e)) throw e;
      expect(e.issues).toEqual([
        "sources.jira.write_back.api_token_env: environment variable JIRA_API_TOKEN is not set",
        "sources.servicenow.write_back.password_env: environment variable SNOW_PASSWORD is not set",
      ]);
    }
    expect(() => buildWriteBack(config, { ...env, CALLBACK_SECRET: "plain words" })).toThrow(
      /CALLBACK_SECRET is not a Standard Webhooks secret/,
    );
  });
});
