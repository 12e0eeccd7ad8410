import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/test-stack";
import { TARGET, upgradesFixture } from "./support/upgrades-fixture";

/**
 * A firmware rollout whose day2 worker process is killed (-9) while Mist starts an upgrade: the
 * claim needs a real process to kill, so it runs on the stack of processes.
 */
describe("canary firmware upgrades: a killed day2 worker", () => {
  let stack: TestStack;
  const {
    api,
    ended,
    makeSites,
    request,
    simAdmin,
    simUpgrades,
    upgradeCounts,
    upgradePosts,
    versions,
    waitFor,
  } = upgradesFixture(() => stack);

  beforeAll(async () => {
    stack = await startTestStack("upgrades-kill", {
      simArgs: ["--upgrade-phase-ms", "300"],
      // A killed worker's job comes back within seconds, not the production 30 s lock.
      workerEnv: { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000" },
    });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });
  beforeEach(async () => {
    await simAdmin("POST", "/reset");
  });

  it("kill -9 of the day2 worker while it starts a Mist upgrade: the new process upgrades no device twice", async () => {
    const sites = await makeSites("kill", 3, 2);
    // Mist starts the first upgrade at once but answers 1.5 s late: the worker dies in between, so
    // the upgrade exists in Mist while the record holds only the intent.
    const slowUpgrade = await stack.sim.addFault({
      method: "POST",
      path: "^/sites/[^/]+/devices/upgrade$",
      delay_ms: 1_500,
      delay_after: true,
      times: 1,
    });
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { percent: 100 }] }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;
    const first = sites[0]?.id as string;
    await waitFor(id, (v) => v.sites[first]?.upgrades[0]?.state === "intent", 30_000);
    await stack.sim.faultFired(slowUpgrade.id);
    const victim = stack.workers.get("day2");
    if (!victim) throw new Error("no day2 worker");
    await victim.stop("SIGKILL");
    await stack.startWorker("day2", "worker-day2-after-kill");

    const view = await waitFor(id, ended);
    expect(view.status, JSON.stringify(view.halt)).toBe("succeeded");
    // The new process found the upgrade the dead one had started instead of starting another.
    expect(view.sites[first].upgrades[0].note).toBe("found the upgrade started before a restart");
    const upgrades = await simUpgrades();
    expect(upgrades.map((u) => u.site_id).sort()).toEqual(sites.map((s) => s.id).sort());
    expect((await upgradePosts()).length).toBe(3);
    const counts = upgradeCounts(upgrades);
    expect(Object.keys(counts).sort()).toEqual(sites.flatMap((s) => s.macs).sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    for (const site of sites) expect(Object.values(await versions(site.id))).toEqual([TARGET, TARGET]);
    await stack.sim.clearFaults();
  });
});
