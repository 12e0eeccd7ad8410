import { QUEUE_NAMES } from "@mistflow/queues";
import { Queue } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

/**
 * Canary firmware rollouts across sites (`/v1/upgrades`) against real processes and the
 * simulator, whose upgrades run in stages of 300 ms and whose SLEs tests can make fall.
 */
const TARGET = "0.14.29633"; // AP45 stable; the simulator's APs start on 0.14.29313
const SIM_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

// biome-ignore lint/suspicious/noExplicitAny: API bodies are asserted field by field
type Json = any;

interface Site {
  id: string;
  name: string;
  macs: string[];
}

interface SimUpgrade {
  id: string;
  site_id: string;
  targets: Record<string, string>;
  skipped: string[];
}

describe("canary firmware upgrades in waves across sites", () => {
  let stack: TestStack;
  let day2: Queue;

  const mist = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${stack.simUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Token ${SIM_TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const simAdmin = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${stack.simUrl}/__sim${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** Sites with `aps` AP45s each, claimed from the simulator's pool and assigned. */
  async function makeSites(label: string, count: number, aps: number): Promise<Site[]> {
    const codes = await unclaimedApCodes(count * aps);
    const sites: Site[] = [];
    for (let i = 0; i < count; i++) {
      const site = await mist("POST", `/orgs/${DEMO_ORG}/sites`, { name: `${label}-${i + 1}` });
      const claim = await mist("POST", `/orgs/${DEMO_ORG}/inventory`, codes.slice(i * aps, (i + 1) * aps));
      const macs = claim.inventory_added.map((d: { mac: string }) => d.mac);
      await mist("PUT", `/orgs/${DEMO_ORG}/inventory`, { op: "assign", site_id: site.id, macs });
      sites.push({ id: site.id, name: site.name, macs: [...macs].sort() });
    }
    return sites;
  }

  /** Claim codes of APs nobody claimed yet: the snapshot lists the pool with its owners. */
  async function unclaimedApCodes(n: number): Promise<string[]> {
    const snap = await simAdmin("POST", "/snapshot");
    const codes = (
      snap.pool as Array<{ claim_code: string; type: string; model: string; claimed_by_org?: string }>
    )
      .filter((d) => d.type === "ap" && d.model === "AP45" && !d.claimed_by_org)
      .map((d) => d.claim_code);
    if (codes.length < n) throw new Error(`only ${codes.length} unclaimed APs left`);
    return codes.slice(0, n);
  }

  const versions = async (site: string): Promise<Record<string, string>> =>
    Object.fromEntries(
      ((await mist("GET", `/sites/${site}/devices?type=ap`)) as Array<{ mac: string; version: string }>).map(
        (d) => [d.mac, d.version],
      ),
    );

  const simUpgrades = async (): Promise<SimUpgrade[]> => simAdmin("GET", `/orgs/${DEMO_ORG}/upgrades`);

  /** MAC → how many Mist upgrades really upgraded it (skipped devices are not in `targets`). */
  const upgradeCounts = (upgrades: SimUpgrade[]) => {
    const counts: Record<string, number> = {};
    for (const u of upgrades) for (const mac of Object.keys(u.targets)) counts[mac] = (counts[mac] ?? 0) + 1;
    return counts;
  };

  const upgradePosts = async () =>
    (await stack.sim.ledger()).filter(
      (e) => e.method === "POST" && /\/sites\/[^/]+\/devices\/upgrade$/.test(e.path),
    );

  /** Each site's `GET /sites/{id}/devices/versions` and upgrade POSTs, in the order Mist got them. */
  const versionChecksAndUpgrades = async (siteIds: string[]) =>
    (await stack.sim.ledger())
      .filter((e) => siteIds.some((id) => e.path.includes(`/sites/${id}/devices/`)))
      .filter(
        (e) =>
          (e.method === "GET" && e.path.endsWith("/devices/versions")) ||
          (e.method === "POST" && e.path.endsWith("/devices/upgrade")),
      )
      .map((e) => `${e.method} ${e.path.slice(e.path.indexOf("/sites/"))}`);

  async function waitFor(id: string, done: (v: Json) => boolean, timeoutMs = 90_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await api("GET", `/v1/upgrades/${id}`);
      if (done(body)) return body;
      if (Date.now() > deadline) throw new Error(`upgrade ${id} did not get there: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const ended = (v: Json) => ["succeeded", "halted", "failed", "aborted"].includes(v.status);

  const request = (sites: Site[], extra: Record<string, unknown> = {}) => ({
    org_id: DEMO_ORG,
    sites: sites.map((s) => s.id),
    device_type: "ap",
    version: TARGET,
    soak_seconds: 1,
    poll_seconds: 1,
    sle_guard: { max_drop: 0.05 },
    ...extra,
  });

  beforeAll(async () => {
    stack = await startTestStack("upgrades", {
      simArgs: ["--upgrade-phase-ms", "300"],
      workerEnv: { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000" },
    });
    day2 = new Queue(QUEUE_NAMES.day2, { connection: stack.redis, prefix: stack.prefix });
  });
  afterAll(async () => {
    await day2?.close();
    await stack?.shutdown();
  });
  beforeEach(async () => {
    await simAdmin("POST", "/reset");
  });

  it("happy path: every wave succeeds and every device ends on the target version, upgraded once", async () => {
    const sites = await makeSites("happy", 4, 2);
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ devices: 1 }, { sites: 1 }, { percent: 50 }, { percent: 100 }] }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.waves.map((w: Json) => w.sites.length)).toEqual([1, 1, 1, 2]);
    expect(res.body.request.models).toEqual(["AP45"]);

    const view = await waitFor(res.body.id, ended);
    expect(view.status, JSON.stringify(view.halt)).toBe("succeeded");
    expect(view.waves.map((w: Json) => w.state)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    // The device canary really was one device, finished by the canary-site wave.
    expect(
      Object.values(view.sites[sites[0]?.id as string].devices)
        .map((d: Json) => d.wave)
        .sort(),
    ).toEqual([1, 2]);
    for (const w of view.waves) {
      expect(w.sle.length).toBeGreaterThan(0);
      expect(w.sle.every((d: Json) => d.breached === false)).toBe(true);
    }
    expect(view.summary).toMatchObject({ devices: 8, upgraded: 8, failed: 0, in_progress: 0 });
    for (const site of sites) expect(Object.values(await versions(site.id))).toEqual([TARGET, TARGET]);
    const counts = upgradeCounts(await simUpgrades());
    expect(Object.keys(counts).sort()).toEqual(sites.flatMap((s) => s.macs).sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // Mist was asked which versions each site offers before any device was told to upgrade.
    const order = await versionChecksAndUpgrades(sites.map((s) => s.id));
    const firstUpgrade = order.findIndex((l) => l.startsWith("POST"));
    expect(order.slice(0, firstUpgrade).sort()).toEqual(
      sites.map((s) => `GET /sites/${s.id}/devices/versions`).sort(),
    );
  });

  it("a site group picks its sites and nothing else; a model the sites do not offer is refused", async () => {
    const inGroup = await makeSites("group", 2, 1);
    const [outside] = await makeSites("outside", 1, 1);
    if (!outside) throw new Error("a site outside the group expected");
    const group = await mist("POST", `/orgs/${DEMO_ORG}/sitegroups`, { name: `ring-${Date.now()}` });
    for (const site of inGroup)
      await mist("PUT", `/sites/${site.id}`, { name: site.name, sitegroup_ids: [group.id] });
    const byGroup = (extra: Record<string, unknown>) => {
      const { sites: _bySite, ...rest } = request([], extra);
      return { ...rest, sitegroup_id: group.id };
    };

    const unknownModel = await api("POST", "/v1/upgrades", byGroup({ models: ["AP99"] }));
    expect(unknownModel.status).toBe(422);
    expect(unknownModel.body.issues[0].message).toContain("AP99");

    const res = await api("POST", "/v1/upgrades", byGroup({ models: ["AP45"], waves: [{ percent: 100 }] }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect([...res.body.waves[0].sites].sort()).toEqual(inGroup.map((s) => s.id).sort());
    const view = await waitFor(res.body.id, ended);
    expect(view.status, JSON.stringify(view.halt)).toBe("succeeded");
    for (const site of inGroup) expect(Object.values(await versions(site.id))).toEqual([TARGET]);
    expect(Object.values(await versions(outside.id))).not.toContain(TARGET);
  });

  it("a version the sites do not offer is a 422 naming the field, and nothing is enqueued", async () => {
    const sites = await makeSites("badver", 2, 1);
    const before = await api("GET", "/v1/upgrades?limit=500");
    const jobsBefore = Object.values(await day2.getJobCounts()).reduce((a, b) => a + b, 0);
    const res = await api("POST", "/v1/upgrades", request(sites, { version: "9.9.9" }));
    expect(res.status).toBe(422);
    expect(res.body.issues[0].field).toBe("version");
    expect(res.body.message).toContain("9.9.9");
    const bad = await api("POST", "/v1/upgrades", request(sites, { waves: [{ percent: 50 }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe("waves[0]");
    expect((await api("GET", "/v1/upgrades?limit=500")).body).toHaveLength(before.body.length);
    expect(Object.values(await day2.getJobCounts()).reduce((a, b) => a + b, 0)).toBe(jobsBefore);
    expect(await upgradePosts()).toEqual([]);
    // The refusal came from what Mist offers, not from a guess.
    expect(await versionChecksAndUpgrades(sites.map((s) => s.id))).toContain(
      `GET /sites/${sites[0]?.id}/devices/versions`,
    );
  });

  it("a canary whose site SLE drops halts the rollout before the next wave; resume carries on", async () => {
    const sites = await makeSites("sle", 3, 2);
    const canary = sites[0] as Site;
    await simAdmin("PUT", `/sites/${canary.id}/sle/post-upgrade`, { values: { coverage: 0.5 } });
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ devices: 1 }, { sites: 1 }, { percent: 100 }] }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    const view = await waitFor(res.body.id, ended);
    expect(view.status).toBe("halted");
    expect(view.halt).toMatchObject({ wave: 1, kind: "sle" });
    expect(view.halt.reason).toContain("coverage");
    expect(view.waves.map((w: Json) => w.state)).toEqual(["halted", "pending", "pending"]);
    const breach = view.waves[0].sle.find((d: Json) => d.breached);
    expect(breach).toMatchObject({ site_id: canary.id, metric: "coverage" });
    expect(breach.before).toBeGreaterThan(0.9);
    // The after-window averages from the wave's finish, so a sample or two from before the drop
    // may be in it on a slow machine: somewhere between the bad build's 0.5 and the guard's limit.
    expect(breach.after).toBeGreaterThanOrEqual(0.5);
    expect(breach.before - breach.after).toBeGreaterThan(0.05);
    // Only the canary device was touched; the other sites never saw an upgrade.
    const upgrades = await simUpgrades();
    expect(upgrades).toHaveLength(1);
    expect(Object.keys(upgradeCounts(upgrades))).toHaveLength(1);
    expect(upgrades.every((u) => u.site_id === canary.id)).toBe(true);

    // The operator fixes the cause and accepts the canary: the rollout continues from wave 2.
    await simAdmin("DELETE", `/sites/${canary.id}/sle`);
    const resumed = await api("POST", `/v1/upgrades/${res.body.id}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    expect(resumed.body.generation).toBe(1);
    const done = await waitFor(res.body.id, (v) => v.generation === 1 && ended(v));
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(done.waves.map((w: Json) => w.state)).toEqual(["overridden", "succeeded", "succeeded"]);
    const counts = upgradeCounts(await simUpgrades());
    expect(Object.keys(counts).sort()).toEqual(sites.flatMap((s) => s.macs).sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
  });

  it("AP auto-upgrade turned on for a later wave's site during the canary halts that wave before it starts", async () => {
    const sites = await makeSites("auto", 2, 1);
    const [canary, later] = sites as [Site, Site];
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { percent: 100 }], soak_seconds: 2 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;
    const soaking = await waitFor(id, (v) => v.waves[0]?.state === "soaking" || ended(v));
    expect(soaking.waves[0].state, JSON.stringify(soaking.halt)).toBe("soaking");
    // Someone turns auto-upgrade on for the second wave's site while the canary soaks.
    await mist("PUT", `/sites/${later.id}/setting`, { auto_upgrade: { enabled: true } });

    const view = await waitFor(id, ended);
    expect(view.status).toBe("halted");
    expect(view.halt).toMatchObject({ wave: 2, kind: "auto_upgrade" });
    expect(view.halt.reason).toContain(later.name);
    expect(view.waves.map((w: Json) => w.state)).toEqual(["succeeded", "halted"]);
    // Mist was never asked to upgrade the second site.
    const upgrades = await simUpgrades();
    expect(upgrades.map((u) => u.site_id)).toEqual([canary.id]);

    // Turned off again, the rollout resumes and finishes the second wave.
    await mist("PUT", `/sites/${later.id}/setting`, { auto_upgrade: { enabled: false } });
    expect((await api("POST", `/v1/upgrades/${id}/resume`)).status).toBe(202);
    const done = await waitFor(id, (v) => v.generation === 1 && ended(v));
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(Object.keys(upgradeCounts(await simUpgrades())).sort()).toEqual(
      sites.flatMap((s) => s.macs).sort(),
    );
  });

  it("abort during a soak stops the rollout at once, starts no further Mist upgrade; resume finishes it, each device once", async () => {
    const sites = await makeSites("abort", 3, 2);
    // A soak long enough to abort inside it with room to spare, short enough to sit through on resume.
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { percent: 100 }], soak_seconds: 8 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;
    const soaking = await waitFor(id, (v) => v.waves[0]?.state === "soaking" || ended(v));
    expect(soaking.waves[0].state, JSON.stringify(soaking.halt)).toBe("soaking");
    const soakUntil = soaking.waves[0].soak_until_ms as number;
    expect((await simUpgrades()).map((u) => u.site_id)).toEqual([sites[0]?.id]);
    expect(await upgradePosts()).toHaveLength(1);

    const aborted = await api("POST", `/v1/upgrades/${id}/abort`);
    expect(aborted.status, JSON.stringify(aborted.body)).toBe(202);
    expect(aborted.body.status).toBe("aborted");
    expect(aborted.body.halt).toMatchObject({ wave: 1, kind: "abort", reason: "aborted on request" });

    // The wave parked for its soak is woken and stops now, not when the soak would have ended.
    const stopped = await waitFor(id, (v) => v.waves[0]?.state === "aborted", 30_000);
    expect(Date.parse(stopped.waves[0].finished_at)).toBeLessThan(soakUntil);
    expect(stopped.status).toBe("aborted");
    expect(stopped.waves.map((w: Json) => w.state)).toEqual(["aborted", "pending"]);

    // Aborting an aborted rollout changes nothing (the route answers 202 with the same record).
    const twice = await api("POST", `/v1/upgrades/${id}/abort`);
    expect(twice.status).toBe(202);
    expect(twice.body.status).toBe("aborted");
    expect(twice.body.halt).toEqual(aborted.body.halt);

    // Past the end the soak had, wave 2 would have started: it did not, in Mist or in the record.
    while (Date.now() < soakUntil + 3_000) await new Promise((r) => setTimeout(r, 250));
    expect((await simUpgrades()).map((u) => u.site_id)).toEqual([sites[0]?.id]);
    expect(await upgradePosts()).toHaveLength(1);
    const still = (await api("GET", `/v1/upgrades/${id}`)).body;
    expect(still.status).toBe("aborted");
    expect(still.waves.map((w: Json) => w.state)).toEqual(["aborted", "pending"]);
    expect(still.halt).toEqual(aborted.body.halt);

    // The aborted wave's job may still be on its way out; the API says so with a 409 until it is.
    const deadline = Date.now() + 30_000;
    let resumed = await api("POST", `/v1/upgrades/${id}/resume`);
    while (resumed.status === 409 && /still stopping/.test(resumed.body.message) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      resumed = await api("POST", `/v1/upgrades/${id}/resume`);
    }
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    expect(resumed.body.generation).toBe(1);
    const done = await waitFor(id, (v) => v.generation === 1 && ended(v));
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(done.waves.map((w: Json) => w.state)).toEqual(["succeeded", "succeeded"]);
    // The re-run wave 1 followed the upgrade it had started instead of starting another.
    const upgrades = await simUpgrades();
    expect(upgrades.map((u) => u.site_id).sort()).toEqual(sites.map((s) => s.id).sort());
    expect(await upgradePosts()).toHaveLength(3);
    const counts = upgradeCounts(upgrades);
    expect(Object.keys(counts).sort()).toEqual(sites.flatMap((s) => s.macs).sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    for (const site of sites) expect(Object.values(await versions(site.id))).toEqual([TARGET, TARGET]);

    const late = await api("POST", `/v1/upgrades/${id}/abort`);
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(
      `upgrade ${id} is succeeded; only a queued, running or halted rollout can be aborted`,
    );
  }, 240_000);

  it("device failures beyond max_failures halt the rollout after their wave", async () => {
    const sites = await makeSites("fail", 3, 2);
    const failing = sites[1]?.macs[0] as string;
    await simAdmin("PUT", "/firmware/failures", { macs: [failing] });
    const res = await api(
      "POST",
      "/v1/upgrades",
      request(sites, { waves: [{ sites: 1 }, { sites: 2 }, { percent: 100 }], max_failures: 0 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    const view = await waitFor(res.body.id, ended);
    expect(view.status).toBe("halted");
    expect(view.halt).toMatchObject({ wave: 2, kind: "failures" });
    expect(view.waves.map((w: Json) => w.state)).toEqual(["succeeded", "halted", "pending"]);
    expect(view.waves[1]).toMatchObject({ failed: 1, failed_total: 1 });
    expect(view.sites[sites[1]?.id as string].devices[failing]).toMatchObject({ state: "failed", wave: 2 });
    // The third site was never touched.
    const upgrades = await simUpgrades();
    expect(upgrades.some((u) => u.site_id === sites[2]?.id)).toBe(false);
    expect(Object.values(await versions(sites[2]?.id as string)).every((v) => v !== TARGET)).toBe(true);
  });

  it("kill -9 of the day2 worker while it starts a Mist upgrade: the new process upgrades no device twice", async () => {
    const sites = await makeSites("kill", 3, 2);
    // Mist starts the first upgrade at once but answers 1.5 s late: the worker dies in between, so
    // the upgrade exists in Mist while the record holds only the intent.
    await stack.sim.addFault({
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
    await new Promise((r) => setTimeout(r, 300));
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
