import { readFile } from "node:fs/promises";
import { scanKeys } from "@mistflow/config";
import type { Domain, StepId } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

/**
 * kill -9 of each domain's worker while its Mist call is in flight. The step must run again on
 * a new process and the simulator must end up with exactly one of each object: the proof that
 * every step is idempotent against Mist under at-least-once delivery.
 */
const CASES: Array<{
  domain: Domain;
  step: StepId;
  fault: { method: string; path: string };
  kind: string;
  expected: number;
}> = [
  {
    domain: "sites",
    step: "s01",
    fault: { method: "POST", path: "^/orgs/[^/]+/sites$" },
    kind: "sites",
    expected: 1,
  },
  {
    domain: "inventory",
    step: "s02",
    fault: { method: "PUT", path: "^/orgs/[^/]+/inventory$" },
    kind: "devices_assigned",
    expected: 1,
  },
  {
    domain: "wan",
    step: "s03",
    fault: { method: "POST", path: "^/orgs/[^/]+/services$" },
    kind: "services",
    expected: 2,
  },
  {
    domain: "wired",
    step: "s04",
    fault: { method: "POST", path: "^/orgs/[^/]+/networks$" },
    kind: "networks",
    expected: 4,
  },
  {
    domain: "wireless",
    step: "s08",
    fault: { method: "POST", path: "^/orgs/[^/]+/templates$" },
    kind: "templates",
    expected: 1,
  },
  {
    domain: "orchestration",
    step: "final",
    fault: { method: "PUT", path: "^/sites/[^/]+$" },
    kind: "sites",
    expected: 1,
  },
];

describe("chaos: kill -9 a domain worker mid-call", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("chaos-kill", {
      workerEnv: {
        WORKER_LOCK_MS: "2000",
        WORKER_STALLED_INTERVAL_MS: "1000",
        FIND_OR_CREATE_LOCK_TTL_MS: "4000",
        MIST_TIMEOUT_MS: "5000",
      },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it.each(CASES)(
    "$domain: step $step re-runs on a new process, one $kind in Mist",
    async ({ domain, step, fault, kind, expected }) => {
      // A fresh Mist org each time, so this case's call really is a create.
      await fetch(`${stack.simUrl}/__sim/reset`, { method: "POST" });
      for (const pattern of ["catalog", "sites", "site-intent"]) {
        const keys = await scanKeys(stack.redis, `${stack.prefix}:${pattern}:*`);
        if (keys.length) await stack.redis.del(...keys);
      }
      const slowCall = await stack.sim.addFault({ ...fault, delay_ms: 2_000, times: 1 });

      const { id } = await stack.api.submit({
        org_id: DEMO_ORG,
        site: {
          name: `CHAOS ${domain}`,
          address: "1 Chaos Rd",
          timezone: "UTC",
          country_code: "US",
          region: "LATAM",
        },
        blueprint: "retail-branch",
        devices: { claim_codes: ["06C9F-35WOA-XV9AD"] },
      });
      const deadline = Date.now() + 20_000;
      while ((await stack.api.get(id)).steps[step].state !== "running") {
        if (Date.now() > deadline) throw new Error(`${step} never started`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // The step's call has reached Mist, which holds it: the kill lands mid-call.
      await stack.sim.faultFired(slowCall.id);
      const victim = stack.workers.get(domain);
      if (!victim) throw new Error(`no ${domain} worker`);
      await victim.stop("SIGKILL");
      const replacement = await stack.startWorker(domain, `worker-${domain}-after-${step}`);

      const [view] = await stack.waitForEnd([id], 60_000);
      expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
      // The step finished on the new process, not on the killed one.
      const log = await readFile(replacement.logFile, "utf8");
      expect(
        log
          .split("\n")
          .some((l) => l.includes(id) && l.includes(`"step":"${step}"`) && l.includes("step succeeded")),
      ).toBe(true);
      const counts = await stack.sim.counts(DEMO_ORG);
      expect(counts[kind]).toBe(expected);
      expect(counts.sites).toBe(1);
      await stack.sim.clearFaults();
    },
  );
});
