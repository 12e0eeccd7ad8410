import { type DeploymentView, STEP_IDS, type StepId } from "@mistflow/contracts";
import { stepJobId } from "@mistflow/queues";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

describe("retry and cancel of a deployment", () => {
  let stack: StackUnderTest;
  const action = (id: string, what: "retry" | "cancel") =>
    fetch(`${stack.apiUrl}/v1/deployments/${id}/${what}`, { method: "POST" });
  const ran = (v: DeploymentView) => STEP_IDS.filter((s) => v.steps[s].state !== "skipped");

  beforeAll(async () => {
    stack = await startInProcessStack("retry-cancel");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("retries only what failed: the failed lane re-runs, succeeded steps are not called again", async () => {
    await stack.forgetCatalog();
    await stack.sim.addFault({
      method: "GET",
      path: "^/orgs/[^/]+/rftemplates$",
      status: 400,
      detail: "bad band",
    });
    let failed: DeploymentView | undefined;
    let id: string;
    try {
      ({ id } = await stack.api.submit(extraSite("RB-0900 Retry")));
      await stack.waitForEnd([id]);
      // The deployment fails as soon as s09 does, while other lanes may still be running; the
      // API refuses a retry until they settle (409 steps_running), so compare from then.
      failed = await stack.waitFor(id, (v) => STEP_IDS.every((s) => v.steps[s].state !== "running"));
    } finally {
      await stack.sim.clearFaults();
    }
    if (!failed) throw new Error("no view");
    expect(failed.status).toBe("failed");
    expect(failed.steps.s09.state).toBe("failed");
    // Which other lanes finished before s09 failed depends on timing; s09's own prerequisite did.
    const succeededBefore = STEP_IDS.filter((s) => failed.steps[s].state === "succeeded");
    expect(succeededBefore).toContain("s08");
    const notRunBefore = ran(failed).filter((s) => failed.steps[s].state !== "succeeded");
    expect(notRunBefore).toEqual(expect.arrayContaining(["s09", "s10", "s13", "final"]));

    // Re-run steps would have to ask Mist again: a ledger without their calls proves they did not run.
    await stack.forgetCatalog();
    const mark = (await stack.sim.ledger()).at(-1)?.seq ?? 0;
    const res = await action(id, "retry");
    expect(res.status, await res.clone().text()).toBe(202);
    const after = await stack.waitFor(id, (v) => v.status === "succeeded" || v.status === "failed");
    expect(after.status).toBe("succeeded");
    for (const s of ran(after)) expect(after.steps[s].state, s).toBe("succeeded");
    for (const s of succeededBefore) {
      expect(after.steps[s], `${s} kept its first run`).toEqual(failed.steps[s]);
    }
    expect(after.steps.s09).toMatchObject({ state: "succeeded", attempts: 1 });

    const calls = (await stack.sim.ledger(mark)).map((c) => `${c.method} ${c.path}`);
    const callsOf: Partial<Record<StepId, RegExp>> = {
      s01: /^POST .*\/sites$/,
      s03: /\/services$/,
      s04: /\/networks$/,
      s06: /\/gatewaytemplates$/,
      s07: /\/networktemplates$/,
      s09: /^GET .*\/rftemplates$/,
      s10: /\/wlans$/,
    };
    for (const [step, pattern] of Object.entries(callsOf) as Array<[StepId, RegExp]>) {
      const made = calls.filter((c) => pattern.test(c));
      if (succeededBefore.includes(step))
        expect(made, `${step} succeeded before: not called again`).toEqual([]);
      else expect(made.length, `${step} had not succeeded: it ran on retry`).toBeGreaterThan(0);
    }

    const again = await action(id, "retry");
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: "not_failed" });
  });

  it("cancels a running deployment: the step in flight finishes, steps not started never start", async () => {
    await stack.forgetCatalog();
    // s03 (applications) holds its Mist call long enough to cancel while its lane waits on it.
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/services$", delay_ms: 4_000 });
    try {
      const { id } = await stack.api.submit(extraSite("RB-0901 Cancel"));
      await stack.waitFor(id, (v) => v.steps.s03.state === "running");
      const res = await action(id, "cancel");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; removed_jobs: number };
      expect(body.status).toBe("cancelled");
      expect(body.removed_jobs).toBeGreaterThan(0);

      const settled = await stack.waitFor(
        id,
        (v) => STEP_IDS.every((s) => v.steps[s].state !== "running"),
        30_000,
      );
      expect(settled.status).toBe("cancelled");
      expect(settled.steps.s03.state, "finished its Mist call").toBe("succeeded");
      for (const s of ["s05", "s06", "final"] as StepId[]) {
        expect(settled.steps[s]).toMatchObject({
          state: "cancelled",
          note: "not run: the deployment was cancelled",
        });
        expect(settled.steps[s].started_at, `${s} never started`).toBeUndefined();
      }

      // Nothing of the deployment is left to run, and once nothing is, it is still cancelled.
      await stack.waitForNoLiveJobs(`${id}.`, 10_000);
      expect((await stack.api.get(id)).status).toBe("cancelled");
      expect(await stack.queues[0]?.getJob(stepJobId(id, "s05"))).toBeUndefined();

      const twice = await action(id, "cancel");
      expect(twice.status).toBe(409);
    } finally {
      await stack.sim.clearFaults();
    }
  });
});
