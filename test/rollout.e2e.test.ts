import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseBlueprint } from "@mistflow/blueprints";
import type { RolloutPlan } from "@mistflow/contracts";
import { BlueprintRegistry } from "@mistflow/deployments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "./support/cli";
import { DEMO_ORG, startTestStack, type TestStack } from "./support/test-stack";

const FIXTURES = fileURLToPath(new URL("./fixtures/rollout-blueprints", import.meta.url));
const SITES = 12;

const site = (i: number) => {
  const name = `RO-${String(i).padStart(4, "0")}`;
  return {
    org_id: DEMO_ORG,
    site: {
      name,
      address: `${name} high street`,
      timezone: "Europe/Berlin",
      country_code: "DE",
      region: "EMEA-N",
    },
    blueprint: "rollout-branch",
  };
};

type Json = Record<string, unknown>;

describe("blueprint rollouts: the plan", () => {
  let stack: TestStack;
  let siteIds: string[];

  beforeAll(async () => {
    stack = await startTestStack("rollout", { intakeEnv: { BLUEPRINTS_DIR: FIXTURES } });
  }, 120_000);
  afterAll(async () => {
    await stack?.shutdown();
  });

  const rollout = async (body: Json, name = "rollout-branch") => {
    const res = await fetch(`${stack.apiUrl}/v1/blueprints/${name}/rollouts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

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
    // Version 2 as an operator would write it: the same file, bumped, with two edits.
    const v1 = parse(await readFile(`${FIXTURES}/rollout-branch.yaml`, "utf8")) as Json;
    const switchTemplate = v1.switch_template as { port_usages: Record<string, Json> };
    const v2 = {
      ...v1,
      version: 2,
      switch_template: {
        ...switchTemplate,
        port_usages: {
          ...switchTemplate.port_usages,
          access: { ...switchTemplate.port_usages.access, stp_edge: false },
        },
      },
      wlans: [
        ...(v1.wlans as Json[]),
        { ssid: "RO-Staff", auth: { type: "eap" }, vlan_enabled: true, vlan_id: "{{data_vlan}}" },
      ],
    };
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
    // Executing waves is not in this build: the answer says so, with the plan, and moves nothing.
    const real = await rollout({ org_id: DEMO_ORG });
    expect(real.status).toBe(501);
    expect(real.body.message).toContain("dry_run");
    expect((await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET")).toEqual([]);
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
});
