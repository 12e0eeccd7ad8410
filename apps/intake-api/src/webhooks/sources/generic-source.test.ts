import { GenericSourceConfig } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { ORG, TEST_SECRETS, testWebhooksConfig } from "../../test-support/webhook-payloads";
import { standardWebhookSignature, standardWebhooksKey } from "../verify";
import { genericSource } from "./generic-source";

const config = GenericSourceConfig.parse({ type: "generic", ...testWebhooksConfig().sources.generic });
const lookup = (n: string) => TEST_SECRETS[n as keyof typeof TEST_SECRETS];
const source = genericSource("generic", config, lookup);
const event = (data: Record<string, unknown> = {}) => ({
  type: "site.approved",
  timestamp: "2025-06-15T10:00:00Z",
  data: { ticket_id: "REQ-77", org_id: ORG, ...data },
});

describe("generic (Standard Webhooks) source", () => {
  it("authenticates a signed event and reports webhook-id as the delivery id", () => {
    const raw = Buffer.from(JSON.stringify(event()));
    const key = standardWebhooksKey(TEST_SECRETS.T_GENERIC_SECRET) as Buffer;
    const ts = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      "webhook-id": "msg_1",
      "webhook-timestamp": ts,
      "webhook-signature": standardWebhookSignature(key, "msg_1", ts, raw),
    };
    expect(source.authenticate({ raw, header: (n) => headers[n] })).toEqual({
      ok: true,
      deliveryId: "msg_1",
    });
    expect(source.authenticate({ raw, header: () => undefined })).toEqual({
      ok: false,
      reason: "missing webhook-id",
    });
  });

  it("refuses to start with a secret that is not whsec_<base64>, naming the variable only", () => {
    expect(() => genericSource("generic", config, () => "not base64 at all!")).toThrow(
      /T_GENERIC_SECRET is not a Standard Webhooks secret/,
    );
  });

  it("takes the ticket key and an allowed callback from the event", () => {
    expect(source.interpret(event({ callback_url: "https://hooks.example.com/done?x=1" }))).toMatchObject({
      kind: "ticket",
      ticket: { type: "generic", key: "REQ-77", callback_url: "https://hooks.example.com/done?x=1" },
    });
  });

  it("refuses a callback on another origin, and ignores other event types", () => {
    expect(() => source.interpret(event({ callback_url: "https://attacker.example.net/x" }))).toThrow(
      /not an allowed callback origin/,
    );
    expect(source.interpret({ ...event(), type: "site.rejected" })).toMatchObject({ kind: "ignored" });
    expect(() => source.interpret(event({ ticket_id: "" }))).toThrow(/data.ticket_id/);
  });
});
