import { describe, expect, it } from "vitest";
import { hubSignature, verifyHubSignature } from "./hub-signature";

describe("X-Hub-Signature (Jira admin webhooks)", () => {
  const secret = "jira-webhook-secret-1";
  const body = Buffer.from('{"webhookEvent":"jira:issue_updated","issue":{"key":"NET-7"}}');

  it("accepts the signature Jira computes over the raw body, in either hex case", () => {
    expect(verifyHubSignature(body, hubSignature(body, secret), secret)).toEqual({ ok: true });
    expect(
      verifyHubSignature(body, hubSignature(body, secret).toUpperCase().replace("SHA256", "sha256"), secret),
    ).toEqual({ ok: true });
  });

  it("refuses a signature made with another secret", () => {
    expect(verifyHubSignature(body, hubSignature(body, "another-secret"), secret)).toEqual({
      ok: false,
      reason: "X-Hub-Signature does not match the body",
    });
  });

  it("refuses a tampered body, even by one byte", () => {
    const tampered = Buffer.from(body.toString().replace("NET-7", "NET-8"));
    expect(verifyHubSignature(tampered, hubSignature(body, secret), secret).ok).toBe(false);
  });

  it("refuses a missing or malformed header", () => {
    expect(verifyHubSignature(body, undefined, secret)).toEqual({
      ok: false,
      reason: "missing X-Hub-Signature",
    });
    expect(verifyHubSignature(body, "", secret).ok).toBe(false);
    expect(verifyHubSignature(body, "sha1=abc", secret)).toMatchObject({ reason: /not sha256=/ });
    expect(verifyHubSignature(body, hubSignature(body, secret).slice(0, -2), secret).ok).toBe(false);
  });
});
