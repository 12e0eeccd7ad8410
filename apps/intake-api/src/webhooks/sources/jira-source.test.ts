import { JiraSourceConfig } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors";
import { jiraIssueUpdated, TEST_SECRETS, testWebhooksConfig } from "../../test-support/webhook-payloads";
import { hubSignature } from "../verify";
import { jiraSource } from "./jira-source";

const config = JiraSourceConfig.parse({ type: "jira", ...testWebhooksConfig().sources.jira });
const source = jiraSource("jira", config, (name) => TEST_SECRETS[name as keyof typeof TEST_SECRETS]);
const request = (body: unknown, headers: Record<string, string>) => {
  const raw = Buffer.from(JSON.stringify(body));
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { raw, header: (n: string) => lower[n.toLowerCase()] };
};

describe("Jira source", () => {
  it("authenticates a signed admin webhook and reports its delivery id", () => {
    const body = jiraIssueUpdated("NET-1");
    const raw = JSON.stringify(body);
    const auth = source.authenticate(
      request(body, {
        "X-Hub-Signature": hubSignature(raw, TEST_SECRETS.T_JIRA_SECRET),
        "X-Atlassian-Webhook-Identifier": "wh-1",
      }),
    );
    expect(auth).toEqual({ ok: true, deliveryId: "wh-1" });
  });

  it("authenticates Jira Automation by its shared-secret header, and refuses what is neither", () => {
    const body = jiraIssueUpdated("NET-1");
    expect(
      source.authenticate(request(body, { "X-Mistflow-Token": TEST_SECRETS.T_JIRA_AUTOMATION })),
    ).toEqual({
      ok: true,
    });
    expect(source.authenticate(request(body, { "X-Mistflow-Token": "guess" }))).toMatchObject({ ok: false });
    expect(source.authenticate(request(body, {}))).toEqual({
      ok: false,
      reason: "missing X-Hub-Signature or x-mistflow-token",
    });
    // A signature present is checked even when a shared secret is also sent.
    expect(
      source.authenticate(
        request(body, {
          "X-Hub-Signature": hubSignature("other", "x"),
          "X-Mistflow-Token": TEST_SECRETS.T_JIRA_AUTOMATION,
        }),
      ).ok,
    ).toBe(false);
  });

  it("triggers on a changelog status change to the configured status", () => {
    const result = source.interpret(jiraIssueUpdated("NET-1"));
    expect(result).toMatchObject({ kind: "ticket", ticket: { source: "jira", type: "jira", key: "NET-1" } });
  });

  it("ignores other transitions, updates without a status change, and other events, saying why", () => {
    expect(source.interpret(jiraIssueUpdated("NET-1", "In Progress"))).toEqual({
      kind: "ignored",
      reason: 'NET-1 moved to "In Progress"; deployments start on "Approved"',
    });
    const noStatus = jiraIssueUpdated("NET-1");
    noStatus.changelog.items[0] = {
      ...noStatus.changelog.items[0],
      field: "summary",
      fieldId: "summary",
    } as never;
    expect(source.interpret(noStatus)).toMatchObject({
      reason: "NET-1: this update does not change the status",
    });
    expect(source.interpret({ ...jiraIssueUpdated("NET-1"), webhookEvent: "comment_created" })).toMatchObject(
      {
        kind: "ignored",
        reason: /comment_created does not start deployments/,
      },
    );
  });

  it("triggers jira:issue_created on the issue's own status", () => {
    const created = {
      ...jiraIssueUpdated("NET-3"),
      webhookEvent: "jira:issue_created",
      changelog: undefined,
    };
    expect(source.interpret(created)).toMatchObject({ kind: "ticket", ticket: { key: "NET-3" } });
    created.issue.fields.status = { name: "Open", id: "1", statusCategory: { key: "new" } };
    expect(source.interpret(created)).toMatchObject({ kind: "ignored" });
  });

  it("reads both Jira Automation payload formats", () => {
    const { issue } = jiraIssueUpdated("NET-4");
    expect(source.interpret({ issue })).toMatchObject({ kind: "ticket", ticket: { key: "NET-4" } });
    expect(source.interpret({ ...issue, id: 10042, changelog: { histories: null } })).toMatchObject({
      kind: "ticket",
      subject: { key: "NET-4" },
    });
  });

  it("answers 422 for a payload that is not a Jira issue", () => {
    expect(() => source.interpret({ hello: "world" })).toThrow(ApiError);
    const bad = jiraIssueUpdated("not a key");
    expect(() => source.interpret(bad)).toThrow(/issue.key/);
  });
});
