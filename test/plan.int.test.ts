import type { DeploymentRequestInput, PlannedObject, PlanResponse } from "@mistflow/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleDeployments } from "./support/examples";
import { DEMO_ORG, startInProcessStack } from "./support/in-process-stack";
import type { StackUnderTest } from "./support/stack-under-test";

const SIM_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

describe("POST /v1/plan: the dry run", () => {
  let stack: StackUnderTest;
  const deployments = exampleDeployments();

  beforeAll(async () => {
    stack = await startInProcessStack("plan");
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  /** Plans, and proves the plan wrote nothing: no Mist call but GETs, no job, no IP allocation. */
  const plan = async (body: unknown): Promise<PlanResponse> => {
    const seq = Math.max(0, ...(await stack.sim.ledger()).map((e) => e.seq));
    const jobs = await stack.jobCount();
    const allocations = await ipamAllocations();
    const res = await fetch(`${stack.apiUrl}/v1/plan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as PlanResponse;
    expect(res.status, JSON.stringify(json)).toBe(200);
    const calls = await stack.sim.ledger(seq);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((e) => e.method !== "GET")).toEqual([]);
    expect(await stack.jobCount()).toBe(jobs);
    expect(await ipamAllocations()).toEqual(allocations);
    return json;
  };
  const ipamAllocations = async () =>
    Promise.all(
      ["NA-EAST", "NA-WEST"].map(async (region) =>
        (await fetch(`${stack.apiUrl}/v1/ipam/allocations?region=${region}`)).json(),
      ),
    );
  /** Until each deployment has succeeded or failed: its status is what a plan follows. */
  const finished = async (ids: string[]) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const views = await Promise.all(ids.map((id) => stack.api.get(id)));
      if (views.every((v) => v.status === "succeeded" || v.status === "failed")) return views;
      if (Date.now() > deadline) throw new Error(`not finished: ${views.map((v) => v.status).join(", ")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const objectsOf = (p: PlanResponse): PlannedObject[] =>
    [...p.blueprints, ...p.sites].flatMap((x) => x.objects);

  it("lists every object as a create on an empty org, and the IP blocks it would allocate", async () => {
    const p = await plan(deployments);
    expect(p.blueprints).toHaveLength(1);
    expect(p.sites.map((s) => s.site_name)).toEqual(deployments.map((d) => d.site.name));
    const objects = objectsOf(p);
    expect(objects.every((o) => o.action === "create")).toBe(true);
    expect(p.summary).toMatchObject({ create: objects.length, update: 0, unchanged: 0, problems: 0 });
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      "site",
      "site_vars",
      "device",
      "site_binding",
      "application",
      "network",
      "hub_profile",
      "gateway_template",
      "switch_template",
      "sitegroup",
      "wlan_template",
      "rf_template",
      "wlan",
      "label",
      "wlan_policy",
      "psk",
    ])
      expect(kinds, kind).toContain(kind);
    // Two NA-EAST sites would get the zone's first two blocks, the NA-WEST one its first.
    expect(p.sites.map((s) => [s.ip_plan?.zone, s.ip_plan?.index, s.ip_plan?.status])).toEqual([
      ["NA-EAST", 0, "would_allocate"],
      ["NA-WEST", 0, "would_allocate"],
      ["NA-EAST", 1, "would_allocate"],
    ]);
    const vars = p.sites[0]?.objects.find((o) => o.kind === "site_vars")?.desired as {
      vars: Record<string, string>;
    };
    expect(vars.vars.site_block).toBe(p.sites[0]?.ip_plan?.block);
    // The PSK's passphrase is not desired state, and never leaves the workers.
    const psk = objects.find((o) => o.kind === "psk");
    expect(psk?.desired).toMatchObject({ name: "rb-iot-sensors", ssid: "RB-IoT" });
    expect(JSON.stringify(p)).not.toMatch(/passphrase/);
    expect(await stack.sim.counts(DEMO_ORG)).toMatchObject({ sites: 0 });
  });

  it("says unchanged for everything once the same sites are deployed", async () => {
    const ids = [];
    for (const d of deployments) ids.push((await stack.api.submit(d)).id);
    const views = await finished(ids);
    expect(views.map((v) => v.status)).toEqual(["succeeded", "succeeded", "succeeded"]);

    const p = await plan(deployments);
    const changed = objectsOf(p).filter((o) => o.action !== "unchanged");
    expect(changed).toEqual([]);
    expect(p.summary).toMatchObject({ create: 0, update: 0, problems: 0 });
    expect(p.summary.unchanged).toBeGreaterThan(20);
    for (const [i, s] of p.sites.entries()) {
      expect(s.ip_plan?.status).toBe("allocated");
      expect(s.objects.find((o) => o.kind === "site")?.mist_id).toBe(views[i]?.steps.s01.mist_ids.site_id);
    }
    // Neither the PSK's passphrase (Mist holds it now) nor the Mist token shows anywhere.
    const [psk] = await stack.sim.objects<{ passphrase: string }>(DEMO_ORG, "psks");
    expect(psk?.passphrase.length).toBeGreaterThan(7);
    for (const secret of [psk?.passphrase ?? "", SIM_TOKEN]) expect(JSON.stringify(p)).not.toContain(secret);
    const devices = p.sites.flatMap((s) => s.objects.filter((o) => o.kind === "device"));
    expect(devices.length).toBe(deployments.reduce((n, d) => n + (d.devices?.claim_codes?.length ?? 0), 0));
  });

  it("shows an update with the right diff for a changed site field and drift in a blueprint object", async () => {
    const [first] = deployments as [DeploymentRequestInput];
    const changed = {
      ...first,
      site: { ...first.site, address: "1 Changed Rd, Boston, MA" },
      vars: { guest_vlan: "131" },
    };
    // Someone edits a blueprint network in Mist by hand: the plan sees the drift.
    const networks = await stack.sim.objects<{ id: string; name: string; vlan_id: string }>(
      DEMO_ORG,
      "networks",
    );
    const guest = networks.find((n) => n.name === "rb-guest");
    const put = await fetch(`${stack.simUrl}/api/v1/orgs/${DEMO_ORG}/networks/${guest?.id}`, {
      method: "PUT",
      headers: { authorization: `Token ${SIM_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ vlan_id: "999", isolation: false }),
    });
    expect(put.status).toBe(200);

    const ipam = (await (
      await fetch(
        `${stack.apiUrl}/v1/ipam/plan?region=${first.site.region}&site=${encodeURIComponent(first.site.name)}`,
      )
    ).json()) as { allocated: boolean; vars: Record<string, string> };
    expect(ipam.allocated).toBe(true);

    const p = await plan(changed);
    const [site] = p.sites;
    const siteObject = site?.objects.find((o) => o.kind === "site");
    expect(siteObject?.action).toBe("update");
    expect(siteObject?.changes).toEqual([
      { path: "address", current: first.site.address, desired: "1 Changed Rd, Boston, MA" },
    ]);
    const siteVars = site?.objects.find((o) => o.kind === "site_vars");
    expect(siteVars?.action).toBe("update");
    expect(siteVars?.changes).toEqual([
      { path: "vars.guest_vlan", current: ipam.vars.guest_vlan, desired: "131" },
    ]);

    const network = p.blueprints[0]?.objects.find((o) => o.kind === "network" && o.name === "rb-guest");
    expect(network).toMatchObject({ action: "update", mist_id: guest?.id });
    expect(network?.changes).toEqual([
      { path: "vlan_id", current: "999", desired: "{{guest_vlan}}" },
      { path: "isolation", current: false, desired: true },
    ]);
    const others = objectsOf(p).filter(
      (o) => o.action !== "unchanged" && o !== siteObject && o !== siteVars && o !== network,
    );
    expect(others).toEqual([]);
    expect(p.summary).toMatchObject({ create: 0, update: 3 });
  });

  it("validates like POST /v1/deployments and names the field", async () => {
    const post = (body: unknown) =>
      fetch(`${stack.apiUrl}/v1/plan`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const [first] = deployments as [DeploymentRequestInput];
    const bad = await post([first, { ...first, site: { ...first.site, region: "MARS" } }]);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ issues: [{ field: "[1].site.region" }] });
    const invalid = await post({ ...first, site: { ...first.site, timezone: "Nowhere/Land" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ issues: [{ field: "site.timezone" }] });
  });

  it("serves the OpenAPI document and the docs page from the bundled app, without a key", async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.paths["/v1/plan"]?.post).toBeDefined();
    const docs = await fetch(`${stack.apiUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await docs.text();
    expect(html).toContain("planDeployments");
    for (const text of [html, JSON.stringify(doc)]) {
      expect(text).not.toContain(SIM_TOKEN);
      expect(text).not.toContain(stack.board.password);
    }
  });
});
