import { parseBlueprint } from "@mistflow/blueprints";
import type { RolloutPlan } from "@mistflow/contracts";
import { BlueprintRegistry } from "@mistflow/deployments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ROLLOUT_BLUEPRINTS, rolloutApi, rolloutBranchV2, rolloutSite } from "./support/rollout-fixtures";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

/**
 * A blueprint rollout whose day2 worker process is killed (-9) while a wave moves its sites: the
 * claim needs a real process to kill, so it runs on the stack of processes. Everything else about
 * rollouts is proven in-process (`rollout.int.test.ts`).
 */

const SITES = 4;
const site = (i: number) => rolloutSite(`RK-${String(i).padStart(4, "0")}`);

describe("blueprint rollouts: a killed day2 worker", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("rollout-kill", {
      intakeEnv: {
        BLUEPRINTS_DIR: ROLLOUT_BLUEPRINTS,
        MIST_RATE_BUDGET: "1000000",
        MIST_RATE_BURST: "100000",
      },
      // A killed worker's job comes back within seconds, not the production 30 s lock.
      workerEnv: { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000", MIST_TIMEOUT_MS: "5000" },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.shutdown();
  });

  const { rollout, waitRollout, settled } = rolloutApi(() => stack);
  const networkTemplates = async (name: string) =>
    (await stack.sim.objects<{ id: string; name: string }>(DEMO_ORG, "networktemplates")).filter(
      (t) => t.name === name,
    );

  it("kill -9 of the day2 worker while wave 2 moves its sites: the rollout finishes, creating no Mist object twice", async () => {
    const ids = await Promise.all(
      Array.from({ length: SITES }, async (_, i) => (await stack.api.submit(site(i + 1))).id),
    );
    const views = await stack.waitForEnd(ids, 120_000);
    expect(views.map((v) => v.status)).toEqual(Array(SITES).fill("succeeded"));
    const siteIds = views.map((v) => String(v.steps.s01.mist_ids.site_id));

    // Version 2 changes one port profile of the switch template: one new Mist object, one family.
    const v2 = await rolloutBranchV2();
    await new BlueprintRegistry(stack.redis, stack.prefix).register(
      parseBlueprint(stringify(v2), "rollout-branch.yaml"),
    );
    await stack.sim.sleConfig({ requireDevices: false });
    const body = {
      org_id: DEMO_ORG,
      target_version: 2,
      waves: [{ sites: 1 }, { percent: 100 }],
      soak_seconds: 1,
      sle_guard: { max_drop: 0.1, baseline_seconds: 60 },
    };
    const plan = (await rollout({ ...body, dry_run: true })).body.plan as RolloutPlan;
    const wave2 = plan.waves[1]?.site_ids ?? [];
    expect(wave2).toHaveLength(SITES - 1);
    // Mist holds wave 2's site updates for 800 ms each: the worker dies with one in flight.
    const slowWave2 = await stack.sim.addFault({
      method: "PUT",
      path: `^/sites/(${wave2.join("|")})$`,
      delay_ms: 800,
      times: 6,
    });
    const mark = (await stack.sim.ledger()).length;
    const started = await rollout(body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    await stack.sim.faultFired(slowWave2.id, 60_000);
    const victim = stack.workers.get("day2");
    if (!victim) throw new Error("no day2 worker");
    await victim.stop("SIGKILL");
    await stack.startWorker("day2", "worker-day2-after-rollout-kill");

    const done = await waitRollout(id, settled, 90_000);
    await stack.sim.clearFaults();
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(done.summary).toMatchObject({ sites: SITES, moved: SITES, failed: 0 });
    const [v2Switch] = await networkTemplates("ro-access-switch v2");
    const sites = (
      await stack.sim.objects<{ id: string; networktemplate_id?: string }>(DEMO_ORG, "sites")
    ).filter((s) => siteIds.includes(s.id));
    expect(sites.map((s) => s.networktemplate_id)).toEqual(Array(SITES).fill(v2Switch?.id));
    const creates = (await stack.sim.ledger())
      .slice(mark)
      .filter((e) => e.method === "POST" && e.path.endsWith("/networktemplates"));
    expect(creates).toHaveLength(1);
    // Version 1's switch template went once every site had moved.
    expect(await networkTemplates("ro-access-switch")).toEqual([]);
    expect(await stack.api.blueprints()).toContainEqual(
      expect.objectContaining({ name: "rollout-branch", sites_by_version: { 2: SITES } }),
    );
  }, 150_000);
});
