import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { startInProcessStack } from "./support/in-process-stack";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import type { StackUnderTest } from "./support/stack-under-test";

const CALLER_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

/** The older API let callers bring their own Mist token (`X-Mist-API-Key`); it still may, encrypted. */
describe("a caller's own Mist token", () => {
  let stack: StackUnderTest;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mistflow-caller-"));
    const tokens = join(dir, "tokens.json");
    // The workers hold no token for the demo org: only the caller's token can deploy there.
    writeFileSync(
      tokens,
      JSON.stringify({
        orgs: {
          "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0002": [
            { alias: "other", token: "sim-other-token-0123456789abcdef0123456789abcd" },
          ],
        },
      }),
    );
    const key = randomBytes(32).toString("base64");
    stack = await startInProcessStack("caller-token", {
      intakeEnv: { MIST_TOKEN_ENCRYPTION_KEY: key },
      workerEnv: { MIST_TOKEN_ENCRYPTION_KEY: key, MIST_TOKENS_FILE: tokens },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("deploys with the token the caller sent, kept encrypted and out of every log", async () => {
    const res = await fetch(`${stack.apiUrl}/v1/deployments`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-mist-api-key": CALLER_TOKEN },
      body: JSON.stringify(extraSite("RB-0900 Own token")),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    const aliases = new Set((await stack.sim.ledger()).map((e) => e.token_alias));
    expect([...aliases]).toEqual(["demo"]);

    expectNoSecrets((await whatMistflowWrote(stack)).everything, [CALLER_TOKEN]);
  });

  it("fails, permanently and saying why, a deployment for an org nobody gave a token for", async () => {
    const { id } = await stack.api.submit(extraSite("RB-0901 No token"));
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("failed");
    expect(view?.error?.message).toContain("no Mist token is configured for org");
  });
});
