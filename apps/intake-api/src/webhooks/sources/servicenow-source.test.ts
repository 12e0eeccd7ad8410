import { ServiceNowSourceConfig } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { serviceNowRecord, TEST_SECRETS, testWebhooksConfig } from "../../test-support/webhook-payloads";
import { base64Hmac } from "../verify";
import { serviceNowSource } from "./servicenow-source";

const config = ServiceNowSourceConfig.parse({
  type: "servicenow",
  ...testWebhooksConfig().sources.servicenow,
});
const source = serviceNowSource("servicenow", config, (n) => TEST_SECRETS[n as keyof typeof TEST_SECRETS]);
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
const req = (body: unknown, headers: Record<string, string>) => ({
  raw: Buffer.from(JSON.stringify(body)),
  header: (n: string) => headers[n.toLowerCase()],
});

describe("ServiceNow source", () => {
  const record = serviceNowRecord("CHG0030001");

  it("accepts Basic auth or the base64 HMAC header, and requires every one presented to be right", () => {
    const good = basic(TEST_SECRETS.T_SNOW_USER, TEST_SECRETS.T_SNOW_PASSWORD);
    const mac = base64Hmac(JSON.stringify(record), TEST_SECRETS.T_SNOW_SECRET);
    expect(source.authenticate(req(record, { authorization: good }))).toEqual({ ok: true });
    expect(source.authenticate(req(record, { "x-mistflow-signature": mac }))).toEqual({ ok: true });
    expect(
      source.authenticate(req(record, { authorization: good, "x-mistflow-signature": "A".repeat(43) })),
    ).toMatchObject({
      ok: false,
    });
    expect(source.authenticate(req(record, { authorization: basic("mistflow-intake", "nope") }))).toEqual({
      ok: false,
      reason: "wrong Basic credentials",
    });
    expect(source.authenticate(req(record, {}))).toEqual({
      ok: false,
      reason: "missing Basic credentials or x-mistflow-signature",
    });
  });

  it("triggers on the configured state, keyed by the record number, carrying the sys_id", () => {
    expect(source.interpret(record)).toMatchObject({
      kind: "ticket",
      ticket: { source: "servicenow", type: "servicenow", key: "CHG0030001", sys_id: record.sys_id },
    });
    expect(source.interpret(serviceNowRecord("CHG0030001", "-2"))).toEqual({
      kind: "ignored",
      reason: 'CHG0030001: state is "-2"; deployments start when it is "-1"',
    });
  });

  it("answers 422 when a triggering record has no usable sys_id", () => {
    expect(() => source.interpret({ ...record, sys_id: "42" })).toThrow(/sys_id/);
  });
});
