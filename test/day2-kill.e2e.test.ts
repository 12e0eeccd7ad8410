import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBlueprint } from "@mistflow/blueprints";
import type { DeploymentRequest, RolloutPlan } from "@mistflow/contracts";
import { BlueprintRegistry } from "@mistflow/deployments";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ROLLOUT_BLUEPRINTS, rolloutApi, rolloutBranchV2, rolloutSite } from "./support/rollout-fixtures";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";
import { TARGET, upgradesFixture } from "./support/upgrades-fixture";

/**
 * Day 2 jobs whose day2 worker process is killed (-9) in the middle of a Mist call: a
 * decommission while Mist deletes the site, a blueprint rollout while a wave moves its sites, a
 * firmware rollout while Mist starts an upgrade. The claims need a real process to kill, so they
 * run on one stack of processes, in that order (the firmware suite resets the simulator before
 * its test). Everything else about these jobs is proven in-process (`decommission.int`,
 * `rollout.int`, `upgrades.int`).
 */

// biome-ignore lint/suspicious/noExplicitAny: API bodies are asserted field by field
type Json = any;

const EXAMPLE_BLUEPRINTS = fileURLToPath(new URL("../examples/blueprints", import.meta.url));

let stack: TestStack;

beforeAll(async () => {
  // The decommission deploys the example retail-branch; the rollout, the fixtures' rollout-branch.
  const blueprints = await mkdtemp(join(tmpdir(), "mistflow-kill-blueprints-"));
  await cp(EXAMPLE_BLUEPRINTS, blueprints, { recursive: true });
  await cp(ROLLOUT_BLUEPRINTS, blueprints, { recursive: true });
  stack = await startTestStack("day2-kill", {
    simArgs: ["--upgrade-phase-ms", "300"],
    intakeEnv: { BLUEPRINTS_DIR: blueprints, MIST_RATE_BUDGET: "1000000", MIST_RATE_BURST: "100000" },
    // A killed worker's job comes back within seconds, not the production 30 s lock.
    workerEnv: { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000", MIST_TIMEOUT_MS: "5000" },
  });
}, 120_000);
afterAll(async () => {
  await stack?.shutdown();
});

const siteRequest = (name: string): DeploymentRequest =>
  ({
    org_id: DEMO_ORG,
    site: { name, address: "9 Closing St", timezone: "UTC", country_code: "US", region: "LATAM" },
    blueprint: "retail-branch",
    devices: { claim_codes: ["06C9F-35WOA-XV9AD"] },
  }) as DeploymentRequest;

const SITES = 4;
const site = (i: number) => rolloutSite(`RK-${String(i).padStart(4, "0")}`);

describe("decommission: a killed day2 worker", () => {
  const api = async (method: string, path: string, body?: unknown) => {
    const auth = Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64");
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Basic ${auth}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it("kill -9 of the day2 worker while Mist deletes the site: the new process finishes, deleting it once", async () => {
    const { id: deploymentId } = await stack.api.submit(siteRequest("Killed Store"));
    const [view] = await stack.waitForEnd([deploymentId], 90_000);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    const siteId = view?.steps.s01.mist_ids.site_id as string;
    const mark = (await stack.sim.ledger()).length;
    // Mist holds the delete for 2 s before it runs: the worker dies while its call is in flight.
    const slowDelete = await stack.sim.addFault({
      method: "DELETE",
      path: "^/sites/[^/]+$",
      delay_ms: 2_000,
      times: 1,
    });

    const started = await api("POST", `/v1/sites/${siteId}/decommission`, {
      delete_site: true,
      quarantine_seconds: 0,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    await stack.sim.faultFired(slowDelete.id);
    const victim = stack.workers.get("day2");
    if (!victim) throw new Error("no day2 worker");
    await victim.stop("SIGKILL");
    const replacement = await stack.startWorker("day2", "worker-day2-after-decommission-kill");

    const deadline = Date.now() + 60_000;
    let done: Json;
    for (;;) {
      done = (await api("GET", `/v1/decommissions/${id}`)).body;
      if (done.status === "succeeded" || done.status === "failed") break;
      if (Date.now() > deadline) throw new Error(`decommission ${id} never ended: ${JSON.stringify(done)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(Object.values(done.steps).every((s) => (s as Json).state === "succeeded")).toBe(true);

    // The killed process never finished deleting the site; the new one did.
    const deleteDone = (l: string) =>
      l.includes(id) && l.includes('"step":"delete_site"') && l.includes("decommission step succeeded");
    expect((await readFile(victim.logFile, "utf8")).split("\n").some(deleteDone)).toBe(false);
    expect((await readFile(replacement.logFile, "utf8")).split("\n").some(deleteDone)).toBe(true);
    // Mist: the site is gone, deleted once, and nothing else was deleted.
    expect((await stack.sim.objects(DEMO_ORG, "sites")).find((s) => s.id === siteId)).toBeUndefined();
    const deletes = (await stack.sim.ledger()).slice(mark).filter((e) => e.method === "DELETE");
    expect(deletes.filter((e) => e.status === 200)).toHaveLength(1);
    expect(deletes.every((e) => e.path.endsWith(`/sites/${siteId}`))).toBe(true);
    expect((await stack.api.get(deploymentId)).status).toBe("decommissioned");
  });
});

describe("blueprint rollouts: a killed day2 worker", () => {
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

describe("canary firmware upgrades: a killed day2 worker", () => {
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
    await stack.startWorker("day2", "worker-day2-after-upgrade-kill");

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
