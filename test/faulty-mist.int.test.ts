import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFaultsFile } from "@mistflow/mist-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_ORG_OBJECTS, exampleDeployments } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

/**
 * The main scenario against an unreliable Mist: 5% of calls answer 5xx and every call takes
 * 50 ms ± 30 ms, configured at the simulator's start like a rehearsal would be.
 */
describe("the spine against a flaky, slow Mist (5% 5xx, 50 ± 30 ms)", () => {
  let stack: StackUnderTest;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mistflow-faults-"));
    const faults = join(dir, "faults.json");
    writeFileSync(
      faults,
      JSON.stringify([
        { path: ".*", status: 500, probability: 0.05, delay_ms: 50, jitter_ms: 30 },
        { path: ".*", delay_ms: 50, jitter_ms: 30 },
      ]),
    );
    // Read by the loader behind the simulator's --faults flag, as a rehearsal's file would be.
    stack = await startInProcessStack("faulty", { sim: { faults: loadFaultsFile(faults), faultSeed: 7 } });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("deploys the example sites with every org object exactly once, and a repeat changes nothing", async () => {
    const submitted = await Promise.all(exampleDeployments().map((d) => stack.api.submit(d)));
    const views = await stack.waitForEnd(
      submitted.map((s) => s.id),
      120_000,
    );
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(await stack.sim.counts(DEMO_ORG)).toMatchObject({
      ...EXPECTED_ORG_OBJECTS,
      sites: 3,
      devices_assigned: 12,
    });
    const ledger = await stack.sim.ledger();
    const failed = ledger.filter((e) => e.status >= 500).length;
    expect(failed, "the injected 5xx fired").toBeGreaterThan(0);
    const slowest = Math.max(...ledger.map((e) => (e as unknown as { duration_ms: number }).duration_ms));
    expect(slowest).toBeGreaterThanOrEqual(20);

    const before = ledger.at(-1)?.seq ?? 0;
    const jobs = await stack.jobCount();
    const again = await Promise.all(exampleDeployments().map((d) => stack.api.submit(d)));
    expect(again.map((s) => s.status)).toEqual([200, 200, 200]);
    // Nothing was enqueued, so nothing can call Mist later.
    expect(await stack.jobCount()).toBe(jobs);
    expect(await stack.sim.ledger(before)).toEqual([]);
  });
});
