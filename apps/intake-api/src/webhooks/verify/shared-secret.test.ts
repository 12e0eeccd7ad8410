import { describe, expect, it } from "vitest";
import { verifyBasicAuth, verifySharedSecret } from "./shared-secret";

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

describe("shared secret and Basic auth", () => {
  it("accepts the configured shared secret only", () => {
    expect(verifySharedSecret("automation-secret-1", "automation-secret-1", "X-Mistflow-Token").ok).toBe(
      true,
    );
    expect(verifySharedSecret("automation-secret-2", "automation-secret-1", "X-Mistflow-Token")).toEqual({
      ok: false,
      reason: "X-Mistflow-Token is wrong",
    });
    expect(verifySharedSecret(undefined, "automation-secret-1", "X-Mistflow-Token")).toEqual({
      ok: false,
      reason: "missing X-Mistflow-Token",
    });
  });

  it("accepts the configured Basic credentials, with a colon allowed in the password", () => {
    expect(verifyBasicAuth(basic("snow", "pa:ss-word"), "snow", "pa:ss-word").ok).toBe(true);
    expect(verifyBasicAuth(basic("snow", "other"), "snow", "pa:ss-word")).toEqual({
      ok: false,
      reason: "wrong Basic credentials",
    });
    expect(verifyBasicAuth(basic("someone", "pa:ss-word"), "snow", "pa:ss-word").ok).toBe(false);
    expect(verifyBasicAuth(undefined, "snow", "x")).toEqual({
      ok: false,
      reason: "missing Basic credentials",
    });
    expect(verifyBasicAuth("Bearer abc", "snow", "x").ok).toBe(false);
  });
});
