import { copyFile, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBlueprint } from "@mistflow/blueprints";
import type { ImportView } from "@mistflow/contracts";
import { parseBlockOrAddress } from "@mistflow/ipam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli";
import { DEMO_ORG, type InProcessStack, startInProcessStack } from "./support/in-process-stack";

/**
 * Brownfield import (`mistflow import`, `POST /v1/imports`) of an org built by hand through the
 * simulator's Mist API, not through mistflow: two template families over six sites become two
 * blueprints, each site an adoption, its addresses reserved in IPAM, with GETs only in the ledger.
 */

// biome-ignore lint/suspicious/noExplicitAny: Mist bodies are asserted field by field
type Json = any;
const EXAMPLES = fileURLToPath(new URL("../examples/blueprints", import.meta.url));
const SIM_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";
const SECRETS = ["shop-wlan-secret-1", "iot-passphrase-123"];

type Prefix = NonNullable<ReturnType<typeof parseBlockOrAddress>>;
const lastOf = (c: Prefix) => c.network + (1n << BigInt(32 - c.prefixLength)) - 1n;
const overlaps = (a: Prefix, b: Prefix) => a.network <= lastOf(b) && b.network <= lastOf(a);

describe("import a hand-built org", () => {
  let stack: InProcessStack;
  let imported: ImportView;
  let importedDir: string;
  const sitePrefixes = new Map<string, string[]>();

  const mist = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${stack.simUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Token ${SIM_TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const org = (kind: string, body: unknown) => mist("POST", `/orgs/${DEMO_ORG}/${kind}`, body);
  const admin = { MISTFLOW_ADMIN_USERNAME: "", MISTFLOW_ADMIN_PASSWORD: "" };

  /** What a network engineer clicked together in the portal: two kinds of site, six sites. */
  async function seedByHand() {
    const data = await org("networks", {
      name: "shop-data",
      subnet: "{{data_subnet}}",
      vlan_id: "{{data_vlan}}",
    });
    expect(data.id).toBeDefined();
    await org("networks", { name: "unrelated-lab", subnet: "192.168.77.0/24", vlan_id: 77 });
    await org("services", { name: "shop-pos", type: "urls", urls: ["pos.example.com"] });
    const gateway = await org("gatewaytemplates", {
      name: "Shop Spoke",
      type: "spoke",
      port_config: { "ge-0/0/1": { usage: "lan", networks: ["shop-data"] } },
      service_policies: [{ name: "pos", services: ["shop-pos"], tenants: ["shop-data"], action: "allow" }],
    });
    const shops = await org("sitegroups", { name: "Shops" });
    const shopWlans = await org("templates", { name: "Shop WLANs", applies: { sitegroup_ids: [shops.id] } });
    await org("wlans", {
      ssid: "ShopStaff",
      template_id: shopWlans.id,
      auth: { type: "psk", psk: SECRETS[0] },
    });
    const guest = await org("wlans", {
      ssid: "ShopGuest",
      template_id: shopWlans.id,
      auth: { type: "open" },
    });
    const guestTag = await org("wxtags", {
      name: "shop-guest",
      type: "match",
      match: "wlan_id",
      values: [guest.id],
    });
    const corpTag = await org("wxtags", { name: "shop-corp", type: "subnet", values: ["10.0.0.0/8"] });
    await org("wxrules", {
      template_id: shopWlans.id,
      order: 1,
      action: "block",
      src_wxtags: [guestTag.id],
      dst_allow_wxtags: [],
      dst_deny_wxtags: [corpTag.id],
    });
    await org("psks", { name: "shop-iot", ssid: "ShopStaff", passphrase: SECRETS[1] });

    const depotSwitch = await org("networktemplates", {
      name: "Depot Switch",
      networks: { scan: { vlan_id: 30 } },
    });
    const depotRf = await org("rftemplates", { name: "Depot RF", country_code: "US" });

    // Shops: a /24 inside LATAM site blocks 0-3; depots: exactly site blocks 4 and 5.
    for (let i = 0; i < 4; i++) {
      const site = await org("sites", {
        name: `Shop ${i + 1}`,
        address: `${i + 1} Rua das Lojas, São Paulo`,
        timezone: "America/Sao_Paulo",
        country_code: "BR",
        gatewaytemplate_id: gateway.id,
        sitegroup_ids: [shops.id],
      });
      const vars = { data_subnet: `10.64.${4 * i}.0/24`, data_gateway: `10.64.${4 * i}.1`, data_vlan: "10" };
      await mist("PUT", `/sites/${site.id}/setting`, { vars });
      sitePrefixes.set(site.id, [vars.data_subnet, vars.data_gateway]);
    }
    const depotGroup = await org("sitegroups", { name: "Depots" });
    for (let i = 0; i < 2; i++) {
      const site = await org("sites", {
        name: `Depot ${i + 1}`,
        address: `${i + 1} Estrada do Porto, Santos`,
        timezone: "America/Sao_Paulo",
        country_code: "BR",
        sitegroup_ids: [depotGroup.id],
        networktemplate_id: depotSwitch.id,
        rftemplate_id: depotRf.id,
      });
      const vars = { scan_block: `10.64.${16 + 4 * i}.0/22`, scan_vlan: "30" };
      await mist("PUT", `/sites/${site.id}/setting`, { vars });
      sitePrefixes.set(site.id, [vars.scan_block]);
    }
    const depotWlans = await org("templates", {
      name: "Depot WLANs",
      applies: { sitegroup_ids: [depotGroup.id] },
    });
    await org("wlans", { ssid: "DepotScan", template_id: depotWlans.id, auth: { type: "open" } });
  }

  beforeAll(async () => {
    stack = await startInProcessStack("import");
    admin.MISTFLOW_ADMIN_USERNAME = stack.board.username;
    admin.MISTFLOW_ADMIN_PASSWORD = stack.board.password;
    await seedByHand();
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("a dry run answers the whole import and records nothing", async () => {
    const mark = (await stack.sim.ledger()).length;
    const r = await runCli(
      stack.apiUrl,
      ["import", "--org", DEMO_ORG, "--dry-run", "--output", "json"],
      admin,
    );
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as ImportView;
    expect(view.dry_run).toBe(true);
    expect(view.blueprints.map((b) => b.blueprint.name).sort()).toEqual(["depot-wlans", "shop-wlans"]);
    expect(view.adoptions).toHaveLength(6);
    expect((await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET")).toEqual([]);
    const allocations = await fetch(`${stack.apiUrl}/v1/ipam/allocations?region=LATAM`).then((x) => x.json());
    expect(allocations).toEqual([]);
  });

  it("imports two blueprints and six adoptions with GETs only, and never copies a secret", async () => {
    const out = await mkdtemp(join(tmpdir(), "mistflow-import-"));
    const mark = (await stack.sim.ledger()).length;
    const r = await runCli(stack.apiUrl, ["import", "--org", DEMO_ORG, "--out", out], admin);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /blueprint shop-wlans \(gateway Shop Spoke, wlan Shop WLANs\): Shop 1, Shop 2, Shop 3, Shop 4/,
    );
    expect(r.stdout).toMatch(/blueprint depot-wlans \(switch Depot Switch, rf Depot RF, wlan Depot WLANs\)/);
    expect(r.stdout).toMatch(/site Depot 1 → depot-wlans: 2 variable\(s\), IP block 10\.64\.16\.0\/22/);
    // The WLAN's own passphrase is not copied, and the operator is told where it was.
    expect(r.stdout).toContain("secrets left out (wlans.ShopStaff.auth.psk)");

    // The ledger: reads only.
    const calls = (await stack.sim.ledger()).slice(mark);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.filter((e) => e.method !== "GET")).toEqual([]);

    // Two files the catalog loads, with the objects each family uses and nothing else.
    const files = (await readdir(out)).sort();
    expect(files).toEqual(["depot-wlans.yaml", "shop-wlans.yaml"]);
    const shop = parseBlueprint(
      await readFile(join(out, "shop-wlans.yaml"), "utf8"),
      "shop-wlans.yaml",
    ).blueprint;
    expect(shop.site_group).toBe("Shops");
    expect(shop.networks.map((n) => n.name)).toEqual(["shop-data"]);
    expect(shop.applications.map((a) => a.name)).toEqual(["shop-pos"]);
    expect(shop.wlans.map((w) => w.ssid).sort()).toEqual(["ShopGuest", "ShopStaff"]);
    expect(shop.labels.find((l) => l.name === "shop-guest")?.wlan_ssids).toEqual(["ShopGuest"]);
    expect(shop.wlan_policies).toMatchObject([
      { order: 1, src_labels: ["shop-guest"], dst_deny_labels: ["shop-corp"] },
    ]);
    expect(shop.psks).toMatchObject([
      { name: "shop-iot", ssid: "ShopStaff", passphrase: { secret: "PSK_SHOP_IOT" } },
    ]);
    expect(shop.site_group).toBe("Shops");
    const depot = parseBlueprint(
      await readFile(join(out, "depot-wlans.yaml"), "utf8"),
      "depot-wlans.yaml",
    ).blueprint;
    expect(depot.switch_template?.name).toBe("Depot Switch");
    expect(depot.rf_template?.name).toBe("Depot RF");
    const everything = `${r.stdout}${await readFile(join(out, "shop-wlans.yaml"), "utf8")}`;
    for (const secret of SECRETS) expect(everything).not.toContain(secret);

    // The adoptions are kept, each with its variables and blueprint version.
    const id = /import (imp-[0-9a-f]{24})/.exec(r.stdout)?.[1];
    const kept = (await fetch(`${stack.apiUrl}/v1/imports/${id}`).then((x) => x.json())) as ImportView;
    expect(kept.adoptions.map((a) => a.site_name).sort()).toEqual([
      "Depot 1",
      "Depot 2",
      "Shop 1",
      "Shop 2",
      "Shop 3",
      "Shop 4",
    ]);
    for (const a of kept.adoptions) {
      expect(a.blueprint.version).toBe(1);
      expect(Object.keys(a.vars).length).toBeGreaterThan(0);
      expect(a.ip_plan.conflicts).toEqual([]);
    }
    expect(JSON.stringify(kept)).not.toContain(SECRETS[1]);
    imported = kept;
    importedDir = out;
  });

  it("plans every adopted site against its blueprint with 0 changes, GETs only", async () => {
    // The reviewed files go into the blueprints directory beside the examples; the API takes them up.
    const dir = await mkdtemp(join(tmpdir(), "mistflow-blueprints-"));
    for (const f of await readdir(EXAMPLES)) await copyFile(join(EXAMPLES, f), join(dir, f));
    for (const f of await readdir(importedDir)) await copyFile(join(importedDir, f), join(dir, f));
    await stack.restartIntake({ BLUEPRINTS_DIR: dir });

    const requests = imported.adoptions.map((a) => a.request);
    expect(requests.every((r) => r?.ip_plan === "adopted")).toBe(true);
    const mark = (await stack.sim.ledger()).length;
    const res = await fetch(`${stack.apiUrl}/v1/plan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(requests),
    });
    const plan = (await res.json()) as Json;
    expect(res.status, JSON.stringify(plan)).toBe(200);
    const changed = [...plan.blueprints, ...plan.sites]
      .flatMap((p: Json) => p.objects)
      .filter((o: Json) => o.action !== "unchanged");
    expect(changed, JSON.stringify(changed, null, 1)).toEqual([]);
    expect(plan.summary).toMatchObject({ create: 0, update: 0, problems: 0 });
    expect(plan.summary.unchanged).toBeGreaterThan(20);
    expect(plan.sites).toHaveLength(6);
    expect((await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET")).toEqual([]);
  });

  it("deploying an adopted site through mistflow keeps its own addressing", async () => {
    const adoption = imported.adoptions.find((a) => a.site_name === "Shop 2");
    if (!adoption?.request) throw new Error("Shop 2 has no adoption request");
    const before = await mist("GET", `/sites/${adoption.site_id}/setting`);
    const { id } = await stack.api.submit(adoption.request);
    const [view] = await stack.waitForEnd([id], 90_000);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    expect(view?.steps.s01.mist_ids.site_id).toBe(adoption.site_id);
    const after = await mist("GET", `/sites/${adoption.site_id}/setting`);
    expect(after.vars).toEqual(before.vars);
    const allocations = (await fetch(`${stack.apiUrl}/v1/ipam/allocations?region=LATAM`).then((x) =>
      x.json(),
    )) as Json[];
    expect(allocations.filter((a) => a.siteName === "Shop 2")).toEqual([]);
    expect(allocations.filter((a) => a.siteName === "reserved:Shop 2")).toHaveLength(1);
  });

  it("a new site deployed afterwards gets an IP block that overlaps none of the six", async () => {
    const { id } = await stack.api.submit({
      org_id: DEMO_ORG,
      site: {
        name: "Shop 7",
        address: "7 Rua Nova",
        timezone: "America/Sao_Paulo",
        country_code: "BR",
        region: "LATAM",
      },
      blueprint: "retail-branch",
    });
    const [view] = await stack.waitForEnd([id], 90_000);
    expect(view?.status, JSON.stringify(view?.error)).toBe("succeeded");
    const allocations = (await fetch(`${stack.apiUrl}/v1/ipam/allocations?region=LATAM`).then((x) =>
      x.json(),
    )) as Json[];
    const block = allocations.find((a) => a.siteName === "Shop 7")?.block as string;
    const mine = parseBlockOrAddress(block);
    if (!mine) throw new Error(`no block for Shop 7: ${JSON.stringify(allocations)}`);
    for (const [site, prefixes] of sitePrefixes) {
      for (const p of prefixes) {
        const theirs = parseBlockOrAddress(p);
        expect(theirs && overlaps(mine, theirs), `${block} overlaps ${p} of site ${site}`).toBe(false);
      }
    }
  });

  it("points a decommission of an adopted, never deployed site at its adoption", async () => {
    const adoption = imported.adoptions.find((a) => a.site_name === "Shop 3");
    const res = await fetch(`${stack.apiUrl}/v1/sites/${adoption?.site_id}/decommission`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64")}`,
      },
      body: JSON.stringify({ dry_run: true }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).message).toContain(`adopted by import ${imported.id}`);
  });

  it("importing again converges: same blueprints, nothing new reserved, still no writes", async () => {
    const mark = (await stack.sim.ledger()).length;
    const r = await runCli(stack.apiUrl, ["import", "--org", DEMO_ORG, "--output", "json"], admin);
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as ImportView;
    expect(view.adoptions.every((a) => a.ip_plan.reserved === 0)).toBe(true);
    expect(view.adoptions.find((a) => a.site_name === "Depot 2")?.ip_plan.block).toBe("10.64.20.0/22");
    expect((await stack.sim.ledger()).slice(mark).filter((e) => e.method !== "GET")).toEqual([]);
    const bad = await fetch(`${stack.apiUrl}/v1/imports`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${stack.board.username}:${stack.board.password}`).toString("base64")}`,
      },
      body: JSON.stringify({ org_id: "not-an-org" }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("org_id");
  });
});
