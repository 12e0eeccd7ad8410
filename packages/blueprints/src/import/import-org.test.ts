import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseBlueprint } from "../catalog";
import { blueprintSlug, importOrg, pskSecretName } from "./import-org";
import type { OrgSnapshot } from "./org-snapshot";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const stamp = { org_id: ORG, created_time: 1, modified_time: 2 };

/** A small hand-built org: retail stores bound through a site group, warehouses by site ids. */
function snapshot(): OrgSnapshot {
  const store = (n: number) => ({
    id: `site-store-${n}`,
    name: `Store ${n}`,
    address: `${n} Main St`,
    timezone: "America/New_York",
    country_code: "US",
    gatewaytemplate_id: "gt-retail",
    sitegroup_ids: ["sg-retail", "sg-east"],
  });
  const warehouse = (n: number) => ({
    id: `site-wh-${n}`,
    name: `Warehouse ${n}`,
    networktemplate_id: "nt-wh",
    rftemplate_id: "rf-wh",
    sitegroup_ids: [],
  });
  return {
    org_id: ORG,
    sites: [
      store(1),
      store(2),
      store(3),
      store(4),
      warehouse(1),
      warehouse(2),
      { id: "site-lab", name: "Lab" },
    ],
    vars: { "site-store-1": { data_subnet: "10.1.1.0/24" }, "site-wh-1": { mgmt_vlan: "10" } },
    services: [
      { id: "svc-1", name: "pos-cloud", type: "urls", urls: ["pos.example.com"], ...stamp },
      { id: "svc-2", name: "unused-app", type: "custom", ...stamp },
    ],
    networks: [
      { id: "net-1", name: "store-data", subnet: "{{data_subnet}}", vlan_id: 10, ...stamp },
      { id: "net-2", name: "wh-scanners", subnet: "10.9.0.0/24", vlan_id: 30, ...stamp },
      { id: "net-3", name: "nobody", subnet: "10.8.0.0/24", ...stamp },
    ],
    hub_profiles: [{ id: "hub-1", name: "dc-hub", type: "gateway", ...stamp }],
    gatewaytemplates: [
      {
        id: "gt-retail",
        name: "Retail Spoke",
        type: "spoke",
        port_config: { "ge-0/0/1": { usage: "lan", networks: ["store-data"] } },
        service_policies: [
          { name: "pos", services: ["pos-cloud"], tenants: ["store-data"], action: "allow" },
        ],
        ...stamp,
      },
    ],
    networktemplates: [
      { id: "nt-wh", name: "Warehouse Switch", networks: { "wh-scanners": { vlan_id: 30 } }, ...stamp },
    ],
    templates: [
      { id: "tpl-retail", name: "Retail WLANs", applies: { sitegroup_ids: ["sg-retail"] }, ...stamp },
      { id: "tpl-wh", name: "Warehouse WLANs", applies: { site_ids: ["site-wh-1", "site-wh-2"] }, ...stamp },
    ],
    rftemplates: [{ id: "rf-wh", name: "Warehouse RF", band_5: { power: 17 }, ...stamp }],
    wlans: [
      {
        id: "wlan-1",
        ssid: "Staff",
        template_id: "tpl-retail",
        auth: { type: "psk", psk: "hunter22secret" },
        ...stamp,
      },
      { id: "wlan-2", ssid: "Guest", template_id: "tpl-retail", auth: { type: "open" }, ...stamp },
      {
        id: "wlan-3",
        ssid: "Scanners",
        template_id: "tpl-wh",
        auth: { type: "psk", psk: "another-secret" },
        ...stamp,
      },
    ],
    wxtags: [
      { id: "tag-guest", name: "guest", type: "match", match: "wlan_id", values: ["wlan-2"], ...stamp },
      { id: "tag-corp", name: "corp", type: "subnet", values: ["10.0.0.0/8"], ...stamp },
    ],
    wxrules: [
      {
        id: "rule-1",
        template_id: "tpl-retail",
        order: 1,
        action: "block",
        src_wxtags: ["tag-guest"],
        dst_deny_wxtags: ["tag-corp"],
        ...stamp,
      },
    ],
    psks: [
      {
        id: "psk-1",
        name: "iot devices",
        ssid: "Staff",
        passphrase: "sup3r-secret-pass",
        vlan_id: 40,
        ...stamp,
      },
      { id: "psk-2", name: "elsewhere", ssid: "Other", passphrase: "x", ...stamp },
    ],
    sitegroups: [
      { id: "sg-retail", name: "Retail", ...stamp },
      { id: "sg-east", name: "East", ...stamp },
    ],
  };
}

describe("importOrg", () => {
  it("makes one blueprint per template family, with the objects its templates use", () => {
    const result = importOrg(snapshot());
    expect(result.blueprints.map((b) => b.blueprint.name)).toEqual(["retail-wlans", "warehouse-wlans"]);
    const [retail, warehouse] = result.blueprints;
    expect(retail?.sites.map((s) => s.name)).toEqual(["Store 1", "Store 2", "Store 3", "Store 4"]);
    expect(retail?.sites[0]).toMatchObject({ id: "site-store-1", vars: { data_subnet: "10.1.1.0/24" } });
    expect(warehouse?.sites.map((s) => s.id)).toEqual(["site-wh-1", "site-wh-2"]);
    expect(result.unbound_sites.map((s) => s.name)).toEqual(["Lab"]);

    const bp = retail?.blueprint;
    expect(bp?.site_group).toBe("Retail");
    expect(bp?.gateway_template).toMatchObject({ name: "Retail Spoke", type: "spoke" });
    expect(bp?.gateway_template).not.toHaveProperty("id");
    expect(bp?.gateway_template).not.toHaveProperty("org_id");
    expect(bp?.networks.map((n) => n.name)).toEqual(["store-data"]);
    expect(bp?.applications.map((a) => a.name)).toEqual(["pos-cloud"]);
    expect(bp?.wlans.map((w) => w.ssid)).toEqual(["Staff", "Guest"]);
    expect(bp?.labels).toEqual([
      { name: "guest", type: "match", match: "wlan_id", wlan_ssids: ["Guest"] },
      { name: "corp", type: "subnet", values: ["10.0.0.0/8"] },
    ]);
    expect(bp?.wlan_policies).toEqual([
      { order: 1, action: "block", src_labels: ["guest"], dst_allow_labels: [], dst_deny_labels: ["corp"] },
    ]);
    expect(bp?.psks).toEqual([
      { name: "iot devices", ssid: "Staff", vlan_id: 40, passphrase: { secret: "PSK_IOT_DEVICES" } },
    ]);
    expect(warehouse?.blueprint.switch_template?.name).toBe("Warehouse Switch");
    expect(warehouse?.blueprint.rf_template?.name).toBe("Warehouse RF");
    expect(warehouse?.blueprint.networks.map((n) => n.name)).toEqual(["wh-scanners"]);
  });

  it("never copies a secret, and says what it left out and why", () => {
    const result = importOrg(snapshot());
    const all = JSON.stringify(result);
    for (const secret of ["hunter22secret", "another-secret", "sup3r-secret-pass"])
      expect(all).not.toContain(secret);
    const w = result.warnings.join("\n");
    expect(w).toContain("wlans.Staff.auth.psk");
    expect(w).toMatch(/WLAN template Warehouse WLANs does not apply through one site group/);
    expect(w).toMatch(/hub profiles \(dc-hub\)/);
    expect(w).toMatch(/1 site\(s\) use no template \(Lab\)/);
  });

  it("writes YAML the catalog loads back as the same blueprint", () => {
    for (const b of importOrg(snapshot()).blueprints) {
      expect(b.yaml).toMatch(/^# Imported from Mist org/);
      const loaded = parseBlueprint(b.yaml, `${b.blueprint.name}.yaml`);
      expect(loaded.blueprint).toEqual(b.blueprint);
      expect(parseYaml(b.yaml).name).toBe(b.blueprint.name);
    }
  });

  it("points at per-site copies of one template, which only site variables can merge", () => {
    const s = snapshot();
    const copy = {
      ...s.gatewaytemplates[0],
      id: "gt-retail-2",
      name: "Retail Spoke 2",
    } as (typeof s.gatewaytemplates)[0];
    copy.port_config = { "ge-0/0/1": { usage: "lan", networks: ["store-other"] } };
    s.gatewaytemplates.push(copy);
    (s.sites[3] as Record<string, unknown>).gatewaytemplate_id = "gt-retail-2";
    const result = importOrg(s);
    expect(result.blueprints).toHaveLength(3);
    expect(result.warnings.join("\n")).toMatch(
      /gateway templates Retail Spoke, Retail Spoke 2 .* differ only in values \(port_config\.ge-0\/0\/1\.networks\[0\]\)/,
    );
  });

  it("merges per-site copies of one template on request, their differing values becoming site variables", () => {
    const s = snapshot();
    const base = s.gatewaytemplates[0] as Record<string, unknown>;
    base.ip_configs = { "store-data": { type: "static", ip: "10.1.1.1", netmask: "/24" } };
    for (const n of [2, 3, 4]) {
      s.gatewaytemplates.push({
        ...base,
        id: `gt-retail-${n}`,
        name: `Retail Spoke ${n}`,
        ip_configs: { "store-data": { type: "static", ip: `10.1.${n}.1`, netmask: "/24" } },
      } as (typeof s.gatewaytemplates)[0]);
      (s.sites[n - 1] as Record<string, unknown>).gatewaytemplate_id = `gt-retail-${n}`;
    }
    expect(importOrg(s).blueprints).toHaveLength(5);
    const merged = importOrg(s, { mergeLookAlikes: true });
    expect(merged.blueprints.map((b) => b.blueprint.name)).toEqual(["retail-wlans", "warehouse-wlans"]);
    const retail = merged.blueprints[0];
    const variable = "gw_ip_configs_store_data_ip";
    expect(retail?.blueprint.gateway_template).toMatchObject({
      name: "Retail Spoke",
      ip_configs: { "store-data": { type: "static", ip: `{{${variable}}}`, netmask: "/24" } },
    });
    expect(retail?.sites.map((site) => site.vars[variable])).toEqual([
      "10.1.1.1",
      "10.1.2.1",
      "10.1.3.1",
      "10.1.4.1",
    ]);
    // The site's own variables stay as they were.
    expect(retail?.sites[0]?.vars.data_subnet).toBe("10.1.1.0/24");
    expect(merged.warnings.join("\n")).toMatch(
      /gateway templates Retail Spoke, Retail Spoke 2, Retail Spoke 3, Retail Spoke 4 merged into Retail Spoke with site variables gw_ip_configs_store_data_ip/,
    );
  });

  it("names blueprints and secrets as the catalog and the workers expect", () => {
    expect(blueprintSlug("Retail WLANs (2024)")).toBe("retail-wlans-2024");
    expect(blueprintSlug("---")).toBe("imported-family");
    expect(pskSecretName("iot devices")).toBe("PSK_IOT_DEVICES");
  });
});
