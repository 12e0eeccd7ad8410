import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { standardWebhookSignature, standardWebhooksKey, verifyStandardWebhook } from "./standard-webhooks";

describe("Standard Webhooks", () => {
  const keyBytes = randomBytes(32);
  const secret = `whsec_${keyBytes.toString("base64")}`;
  const key = standardWebhooksKey(secret) as Buffer;
  const body = Buffer.from('{"type":"site.approved","data":{"ticket_id":"REQ-1"}}');
  const now = 1_750_000_000_000;
  const ts = String(now / 1_000);
  const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  const headers = (over: Partial<Record<"id" | "timestamp" | "signature", string | undefined>> = {}) => ({
    id,
    timestamp: ts,
    signature: standardWebhookSignature(key, id, ts, body),
    ...over,
  });
  const verify = (raw: Buffer, h: ReturnType<typeof headers>, k = key) =>
    verifyStandardWebhook(raw, h, k, { toleranceS: 300, nowMs: now });

  it("derives the key from whsec_<base64>, and refuses values that are not such a secret", () => {
    expect(key.equals(keyBytes)).toBe(true);
    expect(standardWebhooksKey(keyBytes.toString("base64"))?.equals(keyBytes)).toBe(true);
    expect(standardWebhooksKey("plain text secret")).toBeUndefined();
    expect(standardWebhooksKey("whsec_c2hvcnQ=")).toBeUndefined();
  });

  it("accepts a valid signature, computed independently as the spec describes", () => {
    const sig = createHmac("sha256", keyBytes).update(`${id}.${ts}.${body.toString()}`).digest("base64");
    expect(verify(body, headers({ signature: `v1,${sig}` }))).toEqual({ ok: true });
  });

  it("accepts any matching v1 entry among several (secret rotation)", () => {
    const other = standardWebhookSignature(randomBytes(32), id, ts, body);
    expect(verify(body, headers({ signature: `v1a,xyz ${other} ${headers().signature}` }))).toEqual({
      ok: true,
    });
  });

  it("refuses a signature made with another secret", () => {
    expect(verify(body, headers(), randomBytes(32))).toEqual({
      ok: false,
      reason: "no v1 entry of webhook-signature matches",
    });
  });

  it("refuses a tampered body, and a signature moved to another id or timestamp", () => {
    expect(verify(Buffer.from(body.toString().replace("REQ-1", "REQ-2")), headers()).ok).toBe(false);
    expect(verify(body, headers({ id: "msg_other" })).ok).toBe(false);
    expect(verify(body, headers({ timestamp: String(Number(ts) + 1) })).ok).toBe(false);
  });

  it("refuses stale and future timestamps beyond the 5-minute tolerance, even when signed", () => {
    for (const offset of [-301, 301]) {
      const t = String(Number(ts) + offset);
      expect(
        verify(body, headers({ timestamp: t, signature: standardWebhookSignature(key, id, t, body) })),
      ).toEqual({
        ok: false,
        reason: "webhook-timestamp is more than 300 s from now",
      });
    }
    const edge = String(Number(ts) - 299);
    expect(
      verify(body, headers({ timestamp: edge, signature: standardWebhookSignature(key, id, edge, body) })).ok,
    ).toBe(true);
  });

  it("refuses missing headers, naming the one missing", () => {
    expect(verify(body, headers({ id: undefined }))).toMatchObject({ reason: "missing webhook-id" });
    expect(verify(body, headers({ timestamp: undefined }))).toMatchObject({
      reason: "missing webhook-timestamp",
    });
    expect(verify(body, headers({ signature: undefined }))).toMatchObject({
      reason: "missing webhook-signature",
    });
    expect(verify(body, headers({ timestamp: "2025-06-15T00:00:00Z" }))).toMatchObject({
      reason: /Unix seconds/,
    });
  });
});
