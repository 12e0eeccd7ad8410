import { createHash, randomBytes } from "node:crypto";
import { IntakeApiError, IntakeClient } from "@mistflow/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import { startTestStack, type TestStack } from "./support/test-stack";

const key = () => `mf_${randomBytes(32).toString("base64url")}`;
const sha256 = (k: string) => createHash("sha256").update(k).digest("hex");

describe("the intake API with API keys", () => {
  const writer = key();
  const admin = key();
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("api-keys", {
      intakeEnv: {
        MISTFLOW_API_KEYS: JSON.stringify([
          { name: "ci", scopes: ["deployments:write"], sha256: sha256(writer) },
          { name: "ops", scopes: ["admin"], sha256: sha256(admin) },
        ]),
      },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("deploys for a key with the write scope and refuses callers without one", async () => {
    const anonymous = new IntakeClient(stack.apiUrl);
    await expect(anonymous.submit(extraSite("RB-0800 Keys"))).rejects.toSatisfy(
      (e: unknown) => e instanceof IntakeApiError && e.status === 401,
    );
    const client = new IntakeClient(stack.apiUrl, writer);
    const { id, status } = await client.submit(extraSite("RB-0800 Keys"));
    expect(status).toBe(202);
    const deadline = Date.now() + 30_000;
    while ((await client.get(id)).status !== "succeeded") {
      if (Date.now() > deadline) throw new Error("deployment did not finish");
      await new Promise((r) => setTimeout(r, 200));
    }
    const board = await fetch(`${stack.apiUrl}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from(`ops:${admin}`).toString("base64")}` },
    });
    expect(board.status).toBe(200);
  });

  it("never writes a key to a log or to Redis", async () => {
    expectNoSecrets((await whatMistflowWrote(stack)).everything, [writer, admin]);
  });
});
