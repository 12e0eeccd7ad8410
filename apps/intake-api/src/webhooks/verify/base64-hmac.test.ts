import { describe, expect, it } from "vitest";
import { base64Hmac, verifyBase64Hmac } from "./base64-hmac";

describe("base64 HMAC (ServiceNow generateMac)", () => {
  const secret = "snow-signing-secret";
  const header = "X-Mistflow-Signature";
  const body = Buffer.from(
    '{"sys_id":"a9e30c7dc61122760116894de7bcc7bd","number":"CHG0030001","state":"-1"}',
  );

  it("accepts what generateMac produces: base64, optionally sha256= prefixed", () => {
    const mac = base64Hmac(body, secret);
    expect(mac).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(verifyBase64Hmac(body, mac, secret, header)).toEqual({ ok: true });
    expect(verifyBase64Hmac(body, `sha256=${mac}`, secret, header)).toEqual({ ok: true });
  });

  it("refuses another secret and a tampered body", () => {
    expect(verifyBase64Hmac(body, base64Hmac(body, "wrong"), secret, header)).toEqual({
      ok: false,
      reason: "X-Mistflow-Signature does not match the body",
    });
    const tampered = Buffer.from(body.toString().replace("-1", "3"));
    expect(verifyBase64Hmac(tampered, base64Hmac(body, secret), secret, header).ok).toBe(false);
  });

  it("refuses a missing header and a hex digest where base64 belongs", () => {
    expect(verifyBase64Hmac(body, undefined, secret, header)).toEqual({
      ok: false,
      reason: "missing X-Mistflow-Signature",
    });
    const hex = Buffer.from(base64Hmac(body, secret), "base64").toString("hex");
    expect(verifyBase64Hmac(body, hex, secret, header)).toMatchObject({ reason: /not a base64/ });
  });
});
