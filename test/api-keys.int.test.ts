import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IntakeApiError, IntakeClient } from "@mistflow/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploySheetArgs, runCli } from "./support/cli";
import { extraSite } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import { expectNoSecrets, whatMistflowWrote } from "./support/secrets-scan";
import type { StackUnderTest } from "./support/stack-under-test";

const key = () => `mf_${randomBytes(32).toString("base64url")}`;
const sha256 = (k: string) => createHash("sha256").update(k).digest("hex");

describe("the intake API with API keys", () => {
  const writer = key();
  const admin = key();
  const operator = key();
  let stack: StackUnderTest;

  beforeAll(async () => {
    stack = await startInProcessStack("api-keys", {
      intakeEnv: {
        MISTFLOW_API_KEYS: JSON.stringify([
          { name: "ci", scopes: ["deployments:write"], sha256: sha256(writer) },
          { name: "ops", scopes: ["admin"], sha256: sha256(admin) },
          { name: "noc", scopes: ["deployments:write", "read"], sha256: sha256(operator) },
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
    const boardAs = (key: string, init: RequestInit = {}) =>
      fetch(`${stack.apiUrl}/admin/queues/api/queues${init.method === "PUT" ? "/wan/pause" : ""}`, {
        ...init,
        headers: { authorization: `Basic ${Buffer.from(`ops:${key}`).toString("base64")}` },
      });
    expect((await boardAs(admin)).status).toBe(200);
    // Non-admin keys see the same board, read-only: nothing on it can be changed.
    const seen = await boardAs(operator);
    expect(seen.status).toBe(200);
    const queues = ((await seen.json()) as { queues: Array<{ readOnlyMode: boolean }> }).queues;
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    expect((await boardAs(operator, { method: "PUT" })).status).toBe(405);
    expect((await boardAs(`${operator}x`)).status).toBe(401);
  });

  it("the CLI sends MISTFLOW_API_KEY to the API --api names, and exits 1 when a site of the batch fails", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "mistflow-cli-keys-")), "sites.csv");
    await writeFile(
      file,
      [
        "site_name,address,country_code,timezone,region",
        `CLI-KEY-01,"1 Key St",US,America/New_York,NA-EAST`,
        `CLI-KEY-02,"2 Key St",US,America/New_York,NA-EAST`,
      ].join("\n"),
    );
    // The environment points at nothing: only --api leads to the stack.
    const deploy = (env: Record<string, string>) =>
      runCli("http://127.0.0.1:9", [...deploySheetArgs(file, DEMO_ORG), "--api", stack.apiUrl], env);
    const jobs = await stack.jobCount();

    const anonymous = await deploy({});
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain("intake API answered 401");
    expect(await stack.jobCount()).toBe(jobs);

    // Mist refuses the first site outright: that site fails, the other deploys, the run exits 1.
    await stack.sim.addFault({ method: "POST", path: "^/orgs/[^/]+/sites$", status: 400, times: 1 });
    try {
      const r = await deploy({ MISTFLOW_API_KEY: operator });
      const lines = r.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^batch bat-[0-9a-f]{24}: 2 site\(s\) submitted, 2 new$/);
      expect(lines.at(-1)).toMatch(/^done: 1 succeeded, 1 failed, 0 cancelled \(batch bat-[0-9a-f]{24}\)$/);
      expect(r.code).toBe(1);
    } finally {
      await stack.sim.clearFaults();
    }
  }, 120_000);

  it("never writes a key to a log or to Redis", async () => {
    expectNoSecrets((await whatMistflowWrote(stack)).everything, [writer, admin, operator]);
  });
});
