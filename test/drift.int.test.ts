import type { ConvergeResponse, DriftReport } from "@mistflow/contracts";
import { SIM_DEMO_TOKEN } from "@mistflow/process-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import { ROLLOUT_BLUEPRINTS, rolloutSite } from "./support/rollout-fixtures";
import type { StackUnderTest } from "./support/stack-under-test";

const FIXTURES = ROLLOUT_BLUEPRINTS;
type Json = Record<string, unknown>;
const site = rolloutSite;

describe("drift detection and converge", () => {
  let stack: StackUnderTest;
  let siteIds: string[];

  beforeAll(async () => {
    stack = await startInProcessStack("drift", {
      intakeEnv: { BLUEPRINTS_DIR: FIXTURES, MIST_RATE_BUDGET: "1000000", MIST_RATE_BURST: "100000" },
      // One scheduled cycle every 2 s, so "within one cycle" is quick to prove.
      workerEnv: { DRIFT_CHECK_INTERVAL_S: "2" },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.shutdown();
  });

  /** A change made in Mist directly, as a person in the portal would. */
  const mist = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.simUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Token ${SIM_DEMO_TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${path}`).toBe(200);
    return (await res.json()) as Json;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const writesSince = async (mark: number) =>
    (await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET");

  it("finds no drift on sites mistflow just deployed, with GETs only", async () => {
    const ids = await Promise.all(
      ["DR-0001", "DR-0002"].map(async (n) => (await stack.api.submit(site(n))).id),
    );
    const views = await stack.waitForEnd(ids, 120_000);
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded"]);
    siteIds = views.map((v) => String(v.steps.s01.mist_ids.site_id));

    const mark = (await stack.sim.ledger()).length;
    const { status, body } = await api("GET", `/v1/drift?org_id=${DEMO_ORG}`);
    expect(status, JSON.stringify(body)).toBe(200);
    const report = body as unknown as DriftReport;
    expect(report.objects).toEqual([]);
    expect(report.sites).toEqual([]);
    expect(report.summary.sites_checked).toBe(2);
    expect(report.summary.objects_checked).toBeGreaterThanOrEqual(7);
    expect(await writesSince(mark)).toEqual([]);
    expect((await api("GET", "/v1/drift?org_id=nope")).status).toBe(400);
  }, 180_000);

  it("reports portal edits with their exact field diffs within one scheduled cycle; converge puts them back", async () => {
    const [first, second] = siteIds as [string, string];
    const templates = (await stack.sim.objects<Json & { id: string }>(DEMO_ORG, "networktemplates")).filter(
      (t) => t.name === "ro-access-switch",
    );
    expect(templates).toHaveLength(1);
    const template = templates[0] as Json & { id: string; networks: Record<string, Json> };
    const edited = Date.now();
    // A VLAN edited in the switch template, a site taken out of the WLAN site group, a site variable changed.
    await mist("PUT", `/orgs/${DEMO_ORG}/networktemplates/${template.id}`, {
      networks: { ...template.networks, "ro-data": { vlan_id: "999" } },
    });
    const firstSite = await mist("GET", `/sites/${first}`);
    const group = (firstSite.sitegroup_ids as string[])[0];
    await mist("PUT", `/sites/${first}`, { name: firstSite.name, sitegroup_ids: [] });
    const setting = await mist("GET", `/sites/${second}/setting`);
    const vars = setting.vars as Record<string, string>;
    const dataVlan = vars.data_vlan;
    await mist("PUT", `/sites/${second}/setting`, { vars: { ...vars, data_vlan: "77" } });

    // The next scheduled check (every 2 s here) has it.
    const deadline = Date.now() + 20_000;
    let report: DriftReport | undefined;
    for (;;) {
      const last = await api("GET", `/v1/drift/last?org_id=${DEMO_ORG}`);
      if (last.status === 200 && Date.parse(String(last.body.checked_at)) > edited) {
        report = last.body as unknown as DriftReport;
        if (report.sites.length === 2) break;
      }
      if (Date.now() > deadline)
        throw new Error(`no scheduled report after the edits: ${JSON.stringify(last.body)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(report.objects.map((o) => [o.kind, o.name, o.state, o.changes])).toEqual([
      [
        "switch_template",
        "ro-access-switch",
        "drifted",
        [{ path: 'networks["ro-data"].vlan_id', current: "999", desired: "{{data_vlan}}" }],
      ],
    ]);
    const bySite = Object.fromEntries(report.sites.map((s) => [s.site_id, s.changes]));
    expect(bySite[first]).toEqual([{ path: "sitegroup_ids", current: [], desired: [group] }]);
    expect(bySite[second]).toEqual([{ path: "vars.data_vlan", current: "77", desired: dataVlan }]);

    // The gauge counts them.
    const metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
    expect(metrics).toContain(`mistflow_drifted_objects{org_id="${DEMO_ORG}",scope="object"} 1`);
    expect(metrics).toContain(`mistflow_drifted_objects{org_id="${DEMO_ORG}",scope="site"} 2`);

    // The CLI shows the same, and says so in its exit code.
    const cli = await runCli(stack.apiUrl, ["drift", "--org", DEMO_ORG]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('networks["ro-data"].vlan_id: 999 → {{data_vlan}}');
    expect(cli.stdout).toContain(`vars.data_vlan: 77 → ${dataVlan}`);

    // Converge is planned first: the two sites, and the template with one of them; nothing written.
    const mark = (await stack.sim.ledger()).length;
    const planned = await api("POST", "/v1/drift/converge", { org_id: DEMO_ORG, dry_run: true });
    expect(planned.status).toBe(200);
    const plan = planned.body as unknown as ConvergeResponse;
    expect(plan.targets.map((t) => t.site_id).sort()).toEqual([first, second].sort());
    expect(plan.targets.map((t) => t.reason).join(" ")).toContain("switch_template ro-access-switch drifted");
    expect(await writesSince(mark)).toEqual([]);

    const done = await api("POST", "/v1/drift/converge", { org_id: DEMO_ORG });
    expect(done.status, JSON.stringify(done.body)).toBe(202);
    const ids = (done.body as unknown as ConvergeResponse).targets.map((t) => t.deployment_id as string);
    expect(ids).toHaveLength(2);
    const views = await stack.waitForEnd(ids, 120_000);
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded"]);

    const after = await api("GET", `/v1/drift?org_id=${DEMO_ORG}`);
    expect(after.body.objects).toEqual([]);
    expect(after.body.sites).toEqual([]);
    expect(((await mist("GET", `/sites/${second}/setting`)).vars as Json).data_vlan).toBe(dataVlan);
  }, 180_000);
});
