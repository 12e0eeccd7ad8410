import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

const ATTEMPTS = 8;

describe("chaos: Mist storms", () => {
  let stack: StackUnderTest;

  beforeAll(async () => {
    stack = await startInProcessStack("storms", {
      intakeEnv: { STEP_ATTEMPTS: String(ATTEMPTS), STEP_BACKOFF_MS: "500" },
      workerEnv: { MIST_TIMEOUT_MS: "1000" },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  const runThrough = async (label: string, storm: Record<string, unknown>, stormMs: number) => {
    await stack.forgetCatalog();
    const sitesBefore = (await stack.sim.counts(DEMO_ORG)).sites ?? 0;
    await stack.sim.addFault({ path: "^/(orgs|sites)/", ...storm });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await stack.api.submit(extraSite(`RB-07${i} ${label}`))).id);
    await new Promise((r) => setTimeout(r, stormMs));
    await stack.sim.clearFaults();
    const views = await stack.waitForEnd(ids, 150_000);
    expect(views.map((v) => v.status)).toEqual(ids.map(() => "succeeded"));
    const attempts = views.flatMap((v) => Object.values(v.steps).map((s) => s.attempts));
    expect(Math.max(...attempts)).toBeLessThanOrEqual(ATTEMPTS);
    expect((await stack.sim.counts(DEMO_ORG)).sites).toBe(sitesBefore + 4);
    return attempts;
  };

  it("completes after 30% of calls fail with 5xx for a while, within the retry bound", async () => {
    const attempts = await runThrough("Errors", { status: 500, probability: 0.3 }, 8_000);
    // The storm was felt: some step needed more than one attempt.
    expect(attempts.some((a) => a > 1)).toBe(true);
  });

  it("completes after every call hangs past the client timeout for a while", async () => {
    const attempts = await runThrough("Hangs", { hang: true }, 5_000);
    expect(attempts.some((a) => a > 1)).toBe(true);
  });
});
