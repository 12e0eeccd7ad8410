import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraSite } from "./support/examples";
import { startTestStack, type TestStack } from "./support/test-stack";

describe("worker processes: graceful shutdown", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("lifecycle");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("finishes the step in flight on SIGTERM, exits 0, and a new process carries on", async () => {
    await stack.sim.addFault({ method: "GET", path: "^/orgs/[^/]+/networks$", delay_ms: 1_500 });
    const { id } = await stack.api.submit(extraSite("RB-0200 Shutdown"));
    const deadline = Date.now() + 15_000;
    while ((await stack.api.get(id)).steps.s04.state !== "running") {
      if (Date.now() > deadline) throw new Error("step 4 never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    const wired = stack.workers.get("wired");
    if (!wired) throw new Error("no wired worker");
    const exitCode = await wired.stop("SIGTERM", 20_000);
    expect(exitCode).toBe(0);

    const afterStop = await stack.api.get(id);
    expect(afterStop.steps.s04.state).toBe("succeeded");
    expect(afterStop.steps.s04.attempts).toBe(1);
    // Step 7 is wired work too: nobody takes it until a wired worker is back.
    expect(afterStop.steps.s07.state).toBe("pending");

    await stack.sim.clearFaults();
    await stack.startWorker("wired", "worker-wired-2");
    const [view] = await stack.waitForEnd([id]);
    expect(view?.status).toBe("succeeded");
    expect(view?.steps.s07.attempts).toBe(1);
  });
});
