import { readFile } from "node:fs/promises";
import { parseBlueprint } from "@mistflow/blueprints";
import type { RolloutPlan } from "@mistflow/contracts";
import { BlueprintRegistry } from "@mistflow/deployments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "./support/cli";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import { ROLLOUT_BLUEPRINTS, rolloutApi, rolloutBranchV2, rolloutSite } from "./support/rollout-fixtures";
import type { StackUnderTest } from "./support/stack-under-test";

const FIXTURES = ROLLOUT_BLUEPRINTS;
const SITES = 12;

const site = (i: number) => rolloutSite(`RO-${String(i).padStart(4, "0")}`);

type Json = Record<string, unknown>;

/**
 * Blueprint rollouts on the in-process stack: plan, validation, the CLI, an SLE halt with rollback,
 * resume, a third version, labels across versions. A rollout through a kill -9 of the day2 worker
 * needs a process to kill: `day2-kill.e2e.test.ts`.
 */
describe("blueprint rollouts", () => {
  let stack: StackUnderTest;
  let siteIds: string[];

  beforeAll(async () => {
    stack = await startInProcessStack("rollout", {
      // Plans read Mist through the API's share of the budget; unpaced here, as the workers are.
      intakeEnv: { BLUEPRINTS_DIR: FIXTURES, MIST_RATE_BUDGET: "1000000", MIST_RATE_BURST: "100000" },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.shutdown();
  });

  const { rollout, waitRollout, settled } = rolloutApi(() => stack);

  it(`deploys ${SITES} sites on version 1`, async () => {
    const ids = await Promise.all(
      Array.from({ length: SITES }, async (_, i) => (await stack.api.submit(site(i + 1))).id),
    );
    const views = await stack.waitForEnd(ids, 180_000);
    expect(views.map((v) => v.status)).toEqual(Array(SITES).fill("succeeded"));
    siteIds = views.map((v) => String(v.steps.s01.mist_ids.site_id));
    const detail = await stack.api.blueprint("rollout-branch");
    expect(detail.versions.map((v) => [v.version, v.sites.length])).toEqual([[1, SITES]]);
  }, 240_000);

  it("plans version 2 (a new WLAN, a changed port profile) as exactly those changes, with GETs only", async () => {
    // Version 2: a changed port profile and a new WLAN.
    const v2 = await rolloutBranchV2((v1) => ({
      wlans: [
        ...(v1.wlans as Json[]),
        { ssid: "RO-Staff", auth: { type: "eap" }, vlan_enabled: true, vlan_id: "{{data_vlan}}" },
      ],
    }));
    await new BlueprintRegistry(stack.redis, stack.prefix).register(
      parseBlueprint(stringify(v2), "rollout-branch.yaml"),
    );

    const mark = (await stack.sim.ledger()).length;
    const { status, body } = await rollout({
      org_id: DEMO_ORG,
      target_version: 2,
      waves: [{ sites: 1 }, { percent: 25 }, { percent: 100 }],
      dry_run: true,
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const plan = body.plan as RolloutPlan;
    expect(plan.target.version).toBe(2);
    expect(plan.from_versions).toEqual([1]);
    expect(plan.problems).toEqual([]);

    // Only the two edited families get new copies; what changed in them is exactly the edit.
    const copies = plan.objects.filter((o) => o.copy_of);
    expect(copies.map((o) => [o.kind, o.name, o.copy_of?.name, o.action]).sort()).toEqual(
      [
        ["sitegroup", "mistflow-rollout-branch v2", "mistflow-rollout-branch", "create"],
        ["switch_template", "ro-access-switch v2", "ro-access-switch", "create"],
        ["wlan", "RO-Corp", "RO-Corp", "create"],
        ["wlan", "RO-Guest", "RO-Guest", "create"],
        ["wlan_template", "ro-wlans v2", "ro-wlans", "create"],
      ].sort(),
    );
    const changed = plan.objects.filter(
      (o) => (o.changes?.length ?? 0) > 0 || (o.action === "create" && !o.copy_of),
    );
    expect(changed.map((o) => [o.kind, o.name, o.changes ?? null])).toEqual([
      [
        "switch_template",
        "ro-access-switch v2",
        [{ path: "port_usages.access.stp_edge", current: true, desired: false }],
      ],
      ["wlan", "RO-Staff", null],
    ]);
    // The RF template and the shared networks are the ones version 1 made, untouched.
    const untouched = plan.objects
      .filter((o) => o.action === "unchanged")
      .map((o) => [o.scope, o.kind, o.name]);
    expect(untouched).toEqual(
      expect.arrayContaining([
        ["shared", "network", "ro-data"],
        ["shared", "network", "ro-guest"],
        ["versioned", "rf_template", "ro-rf"],
      ]),
    );
    expect(plan.notes[0]).toBe(
      "no shared org object changes: only the sites of each wave see the new version",
    );

    // Once every site moved, version 1's own copies go: the switch template, the WLAN template
    // with its WLANs, and the site group. The RF template is shared by both versions and stays.
    const deletes = plan.objects.filter((o) => o.action === "delete");
    expect(deletes.every((o) => o.phase === "after_last_wave")).toBe(true);
    expect(deletes.map((o) => [o.kind, o.name]).sort()).toEqual(
      [
        ["sitegroup", "mistflow-rollout-branch"],
        ["switch_template", "ro-access-switch"],
        ["wlan", "RO-Corp"],
        ["wlan", "RO-Guest"],
        ["wlan_template", "ro-wlans"],
      ].sort(),
    );

    // Waves 1 site → 25% → 100% of 12: 1, 2 more, the other 9; each site in exactly one.
    expect(plan.waves.map((w) => [w.wave, w.target, w.site_ids.length])).toEqual([
      [1, "sites 1", 1],
      [2, "percent 25", 2],
      [3, "percent 100", 9],
    ]);
    expect(plan.waves.flatMap((w) => w.site_ids).sort()).toEqual([...siteIds].sort());
    // Each site moves its switch template and its WLAN site group, nothing else.
    expect(plan.sites).toHaveLength(SITES);
    for (const s of plan.sites) {
      expect(s.from_version).toBe(1);
      expect(s.missing_vars).toEqual([]);
      expect(s.bindings.map((b) => b.path).sort()).toEqual(["networktemplate_id", "sitegroup_ids"]);
      expect(s.bindings.find((b) => b.path === "networktemplate_id")?.desired).toBe(
        "<id of new switch_template ro-access-switch v2>",
      );
    }
    expect(plan.summary).toMatchObject({ create: 6, delete: 5, sites: SITES, writes: 6 + 5 + SITES });

    const calls = (await stack.sim.ledger()).slice(mark);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((e) => e.method !== "GET")).toEqual([]);
  });

  it("names the field of a bad rollout, and writes nothing for one it cannot run", async () => {
    const mark = (await stack.sim.ledger()).length;
    const bad = await rollout({ org_id: "nope", waves: [{ percent: 50 }], soak_seconds: -1 });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as Json[]).map((i) => i.field).sort()).toEqual([
      "org_id",
      "soak_seconds",
      "waves[0]",
    ]);
    const unknownVersion = await rollout({ org_id: DEMO_ORG, target_version: 9, dry_run: true });
    expect(unknownVersion.status).toBe(422);
    expect(JSON.stringify(unknownVersion.body)).toContain("target_version");
    const stranger = await rollout({
      org_id: DEMO_ORG,
      waves: [{ site_ids: ["00000000-0000-4000-8000-00000000beef"] }, { percent: 100 }],
      dry_run: true,
    });
    expect(stranger.status).toBe(422);
    expect((stranger.body.issues as Json[])[0]?.field).toBe("waves[0].site_ids[0]");
    expect((await rollout({ org_id: DEMO_ORG, dry_run: true }, "no-such-blueprint")).status).toBe(404);
    expect((await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET")).toEqual([]);
    expect(await stack.api.rollouts()).toEqual([]);
  });

  it("mistflow rollout --dry-run prints the plan", async () => {
    const r = await runCli(stack.apiUrl, [
      "rollout",
      "rollout-branch",
      "--org",
      DEMO_ORG,
      "--version",
      "2",
      "--waves",
      "1,25%,100%",
      "--dry-run",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("rollout of rollout-branch to version 2");
    expect(r.stdout).toMatch(/switch_template\s+ro-access-switch v2\s+create\s+copy of ro-access-switch/);
    expect(r.stdout).toContain("port_usages.access.stp_edge: true → false");
    expect(r.stdout).toMatch(/wave 3\s+percent 100\s+9 sites/);
  });

  type MistSite = { id: string; name: string; networktemplate_id?: string | null; sitegroup_ids?: string[] };
  const named = async (kind: string, name: string) =>
    (await stack.sim.objects<{ id: string; name?: string; ssid?: string }>(DEMO_ORG, kind)).filter(
      (o) => (o.name ?? o.ssid) === name,
    );
  const onlyId = async (kind: string, name: string) => {
    const found = await named(kind, name);
    expect(found, `${kind} ${name}`).toHaveLength(1);
    return found[0]?.id as string;
  };
  const rolloutSites = async () =>
    (await stack.sim.objects<MistSite>(DEMO_ORG, "sites")).filter((s) => siteIds.includes(s.id));
  const sitePut = /^\/api\/v1\/sites\/([^/]+)$/;
  const WAVES = [{ sites: 1 }, { percent: 25 }, { percent: 100 }];
  const v2Rollout = {
    org_id: DEMO_ORG,
    target_version: 2,
    waves: WAVES,
    soak_seconds: 2,
    sle_guard: { max_drop: 0.1, baseline_seconds: 60 },
  };
  let waves: string[][];

  /** Starts the v1 → v2 rollout with a wave-2 site whose SLEs fall once it is moved; waits for the halt. */
  async function haltedAtWave2() {
    await stack.sim.sleConfig({ requireDevices: false });
    const planned = (await rollout({ ...v2Rollout, dry_run: true })).body.plan as RolloutPlan;
    waves = planned.waves.map((w) => w.site_ids);
    const victim = waves[1]?.[0] as string;
    await stack.sim.setPostRebindSle(victim, { coverage: 0.3 });
    const mark = (await stack.sim.ledger()).length;
    const started = await rollout(v2Rollout);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    // One rollout per blueprint and org at a time.
    const second = await rollout(v2Rollout);
    expect(second.status).toBe(409);
    expect(second.body.message).toContain(id);
    const halted = await waitRollout(id, settled);
    return { id, halted, victim, calls: (await stack.sim.ledger()).slice(mark) };
  }

  it("halts on an SLE drop at a wave-2 site before wave 3, touching no site before its wave; rollback puts every site back on version 1", async () => {
    const v1Switch = await onlyId("networktemplates", "ro-access-switch");
    const v1Group = await onlyId("sitegroups", "mistflow-rollout-branch");
    const { id, halted, victim, calls } = await haltedAtWave2();
    expect(halted.status, JSON.stringify(halted.halt)).toBe("halted");
    expect(halted.halt).toMatchObject({ wave: 2, kind: "sle" });
    expect(halted.halt?.reason).toContain(victim);
    expect(halted.waves.map((w) => w.state)).toEqual(["succeeded", "halted", "pending"]);

    // Site writes: only the sites of waves 1 and 2, each after its own wave started.
    const puts = calls.filter((e) => e.method === "PUT" && sitePut.test(e.path));
    const written = new Set(puts.map((e) => sitePut.exec(e.path)?.[1]));
    expect([...written].sort()).toEqual([...(waves[0] ?? []), ...(waves[1] ?? [])].sort());
    for (const e of puts) {
      const site = sitePut.exec(e.path)?.[1] as string;
      const wave = halted.waves.find((w) => w.site_ids.includes(site));
      expect(e.at).toBeGreaterThanOrEqual(Date.parse(wave?.started_at ?? ""));
    }
    // Every site is wholly on one version: moved ones on both v2 copies, wave 3 on v1.
    const v2Switch = await onlyId("networktemplates", "ro-access-switch v2");
    const v2Group = await onlyId("sitegroups", "mistflow-rollout-branch v2");
    for (const s of await rolloutSites()) {
      const moved = !waves[2]?.includes(s.id);
      expect([s.name, s.networktemplate_id]).toEqual([s.name, moved ? v2Switch : v1Switch]);
      expect(s.sitegroup_ids).toContain(moved ? v2Group : v1Group);
      expect(s.sitegroup_ids).not.toContain(moved ? v1Group : v2Group);
    }
    expect(halted.summary).toMatchObject({ sites: SITES, moved: 3, failed: 0 });
    // A halted rollout may be resumed: its sites are not to be torn down under it.
    const teardown = await fetch(`${stack.apiUrl}/v1/sites/${waves[2]?.[0]}/decommission`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64")}`,
      },
      body: JSON.stringify({ dry_run: true }),
    });
    expect(teardown.status).toBe(409);
    expect(((await teardown.json()) as Json).message).toContain(id);

    await stack.sim.clearSle(victim);
    const rolling = await stack.api.rolloutAction(id, "rollback");
    expect(rolling.status).toBe("rolling_back");
    const back = await waitRollout(id, settled);
    expect(back.status, JSON.stringify(back.halt)).toBe("rolled_back");
    for (const s of await rolloutSites()) {
      expect([s.name, s.networktemplate_id]).toEqual([s.name, v1Switch]);
      expect(s.sitegroup_ids).toContain(v1Group);
      expect(s.sitegroup_ids).not.toContain(v2Group);
    }
    // No version-2 copy is left behind.
    expect(await named("networktemplates", "ro-access-switch v2")).toEqual([]);
    expect(await named("templates", "ro-wlans v2")).toEqual([]);
    expect(await named("sitegroups", "mistflow-rollout-branch v2")).toEqual([]);
    expect(await named("wlans", "RO-Staff")).toEqual([]);
    expect(await stack.api.blueprints()).toContainEqual(
      expect.objectContaining({ name: "rollout-branch", sites_by_version: { 1: SITES } }),
    );
  }, 120_000);

  it("resumed after the SLE recovers, the rollout finishes and deletes version 1's copies", async () => {
    const { id, halted, victim } = await haltedAtWave2();
    expect(halted.status).toBe("halted");
    expect(halted.waves[2]?.state).toBe("pending");
    await stack.sim.clearSle(victim);
    expect((await stack.api.rolloutAction(id, "resume")).status).toBe("running");
    const done = await waitRollout(id, settled);
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(done.waves.map((w) => w.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const v2Switch = await onlyId("networktemplates", "ro-access-switch v2");
    const v2Group = await onlyId("sitegroups", "mistflow-rollout-branch v2");
    for (const s of await rolloutSites()) {
      expect([s.name, s.networktemplate_id]).toEqual([s.name, v2Switch]);
      expect(s.sitegroup_ids).toContain(v2Group);
    }
    expect(await named("networktemplates", "ro-access-switch")).toEqual([]);
    expect(await named("templates", "ro-wlans")).toEqual([]);
    expect(await named("sitegroups", "mistflow-rollout-branch")).toEqual([]);
    const template = await onlyId("templates", "ro-wlans v2");
    const wlans = (await stack.sim.objects<{ ssid: string; template_id: string }>(DEMO_ORG, "wlans")).filter(
      (w) => w.ssid.startsWith("RO-"),
    );
    expect(wlans.map((w) => [w.ssid, w.template_id]).sort()).toEqual(
      [
        ["RO-Corp", template],
        ["RO-Guest", template],
        ["RO-Staff", template],
      ].sort(),
    );
    expect(done.cleanup.deleted).toHaveLength(5);
    expect(await stack.api.blueprints()).toContainEqual(
      expect.objectContaining({ name: "rollout-branch", sites_by_version: { 2: SITES } }),
    );
  }, 120_000);

  it("rolls on to a third version, creating only the changed family, once; the CLI shows it", async () => {
    const v1 = parse(await readFile(`${FIXTURES}/rollout-branch.yaml`, "utf8")) as Json;
    const v2 = await new BlueprintRegistry(stack.redis, stack.prefix).source("rollout-branch", 2);
    const switchTemplate = v2?.switch_template as unknown as { port_usages: Record<string, Json> };
    const v3 = {
      ...v2,
      version: 3,
      switch_template: {
        ...switchTemplate,
        port_usages: {
          ...switchTemplate.port_usages,
          ap: { ...switchTemplate.port_usages.ap, stp_edge: false },
        },
      },
    };
    expect(v1.name).toBe("rollout-branch");
    await new BlueprintRegistry(stack.redis, stack.prefix).register(
      parseBlueprint(stringify(v3), "rollout-branch.yaml"),
    );
    const mark = (await stack.sim.ledger()).length;
    const started = await rollout({
      ...v2Rollout,
      target_version: 3,
      waves: [{ sites: 1 }, { percent: 100 }],
      soak_seconds: 1,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    const done = await waitRollout(id, settled, 90_000);
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");

    const v3Switch = await onlyId("networktemplates", "ro-access-switch v3");
    for (const s of await rolloutSites()) expect([s.name, s.networktemplate_id]).toEqual([s.name, v3Switch]);
    const creates = (await stack.sim.ledger())
      .slice(mark)
      .filter((e) => e.method === "POST" && e.path.endsWith("/networktemplates"));
    expect(creates).toHaveLength(1);
    // Only the switch family changed: the WLAN template and site group of v2 stay in use.
    expect(await named("networktemplates", "ro-access-switch v2")).toEqual([]);
    await onlyId("templates", "ro-wlans v2");
    expect(await stack.api.blueprints()).toContainEqual(
      expect.objectContaining({ name: "rollout-branch", sites_by_version: { 3: SITES } }),
    );

    // The CLI lists the rollouts and shows this one, wave by wave.
    const list = await runCli(stack.apiUrl, ["rollouts"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`${id}\\s+rollout-branch → v3\\s+succeeded\\s+${SITES}/${SITES} moved`),
    );
    const shown = await runCli(stack.apiUrl, ["rollouts", id]);
    expect(shown.stdout).toContain(
      `${id}: rollout-branch to version 3, succeeded (${SITES}/${SITES} sites moved, 0 failed)`,
    );
    expect(shown.stdout).toMatch(/wave 2\s+percent 100\s+11 sites\s+succeeded/);
    expect(shown.stdout).toContain("deleted: switch_template ro-access-switch v2");
    // Acting on a finished rollout says why not.
    const again = await runCli(stack.apiUrl, ["rollouts", id, "--resume"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("succeeded");
  }, 150_000);

  it("keeps a label matching the old version's WLAN for sites not moved yet, and only the new one after", async () => {
    const names = ["LB-0001", "LB-0002"];
    const ids = await Promise.all(
      names.map(
        async (n) =>
          (
            await stack.api.submit({
              ...site(1),
              site: { ...site(1).site, name: n },
              blueprint: "label-branch",
            })
          ).id,
      ),
    );
    const views = await stack.waitForEnd(ids, 120_000);
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded"]);
    const [canary] = views.map((v) => String(v.steps.s01.mist_ids.site_id));
    const registry = new BlueprintRegistry(stack.redis, stack.prefix);
    const v1 = await registry.source("label-branch", 1);
    await registry.register(
      parseBlueprint(
        stringify({
          ...v1,
          version: 2,
          wlans: [...(v1?.wlans ?? []), { ssid: "LB-Staff", auth: { type: "open" } }],
        }),
        "label-branch.yaml",
      ),
    );
    const guestIdIn = async (template: string) =>
      (await stack.sim.objects<{ id: string; ssid: string; template_id: string }>(DEMO_ORG, "wlans")).find(
        (w) => w.ssid === "LB-Guest" && w.template_id === template,
      )?.id;
    const labelValues = async () =>
      (
        (await stack.sim.objects<{ name: string; values: string[] }>(DEMO_ORG, "wxtags")).find(
          (l) => l.name === "lb-guest-wlan",
        )?.values ?? []
      ).sort();
    const v1Guest = await guestIdIn(await onlyId("templates", "lb-wlans"));

    const body = { ...v2Rollout, waves: [{ sites: 1 }, { percent: 100 }], soak_seconds: 1 };
    const planned = (await rollout({ ...body, dry_run: true }, "label-branch")).body.plan as RolloutPlan;
    expect(planned.objects.find((o) => o.kind === "label")?.note).toContain("both versions");
    await stack.sim.setPostRebindSle(canary as string, { coverage: 0.3 });
    const started = await rollout(body, "label-branch");
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id as string;
    const halted = await waitRollout(id, settled);
    expect(halted.status).toBe("halted");
    expect(halted.halt).toMatchObject({ wave: 1, kind: "sle" });
    // One site on each version: the label matches both versions' guest WLAN.
    const v2Guest = await guestIdIn(await onlyId("templates", "lb-wlans v2"));
    expect(await labelValues()).toEqual([v1Guest, v2Guest].sort());

    await stack.sim.clearSle(canary as string);
    await stack.api.rolloutAction(id, "resume");
    const done = await waitRollout(id, settled);
    expect(done.status, JSON.stringify(done.halt)).toBe("succeeded");
    expect(await labelValues()).toEqual([v2Guest]);
    expect(await named("templates", "lb-wlans")).toEqual([]);
  }, 150_000);
});
