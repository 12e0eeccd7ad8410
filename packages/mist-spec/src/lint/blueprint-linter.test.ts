import { fileURLToPath } from "node:url";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { Blueprint, type BlueprintInput } from "@mistflow/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { SPEC_UPDATES } from "../updates";
import type { BlueprintLinter } from "./blueprint-linter";
import { BLUEPRINT_OPERATIONS } from "./blueprint-objects";
import { loadBlueprintLinter } from "./load-linter";
import { HAVE_SPEC, RUN_SPEC_TESTS, SPEC_FILE } from "./test-spec";

const examples = fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url));

const base = (over: Partial<BlueprintInput> = {}): Blueprint =>
  Blueprint.parse({ name: "lint-me", version: 1, wlan_template: { name: "t" }, ...over });

describe.skipIf(!RUN_SPEC_TESTS)("blueprint lint against the official spec", () => {
  let linter: BlueprintLinter;
  beforeAll(() => {
    if (!HAVE_SPEC) throw new Error(`no Mist spec at ${SPEC_FILE} (CI=true: the lint tests require it)`);
    linter = loadBlueprintLinter(SPEC_FILE as string);
  });

  it("loads once, finds every operation, and applies the dated updates the file predates", () => {
    expect(loadBlueprintLinter(SPEC_FILE as string)).toBe(linter);
    expect(linter.spec.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    if (linter.spec.version === "2509.1.2") expect(linter.spec.updates).toEqual(SPEC_UPDATES);
    expect(BLUEPRINT_OPERATIONS).toContain("createOrgWxRule");
  });

  it("finds nothing to report in the shipped blueprints", async () => {
    const catalog = await BlueprintCatalog.load(examples);
    for (const name of catalog.names())
      expect(linter.lint(catalog.get(name)?.blueprint as Blueprint)).toEqual({ errors: [], warnings: [] });
  });

  it("names the misspelled, mistyped and unknown-enum WLAN fields by their blueprint path", () => {
    const report = linter.lint(
      base({ wlans: [{ ssid: "Corp", vlan_idd: 10, max_num_clients: "10", auth: { type: "wpa9" } }] }),
    );
    expect(report.warnings).toEqual([
      {
        path: "blueprint.wlans[0].vlan_idd",
        message: "unknown property `vlan_idd` — did you mean `vlan_id`?",
      },
    ]);
    expect(report.errors).toEqual([
      { path: "blueprint.wlans[0].max_num_clients", message: "expected integer, got string" },
      {
        path: "blueprint.wlans[0].auth.type",
        message: expect.stringMatching(/^"wpa9" is not one of \[.*"psk".*\]$/),
      },
    ]);
  });

  it("accepts site variables in ipv4 and integer fields, and rejects a literal that is not an IP", () => {
    const ok = linter.lint(
      base({
        networks: [
          { name: "data", subnet: "{{data_subnet}}", gateway: "{{data_gateway}}", vlan_id: "{{data_vlan}}" },
        ],
        gateway_template: {
          name: "gw",
          ip_configs: { data: { type: "static", ip: "{{data_gateway}}", netmask: "/{{p}}" } },
        },
        wlans: [{ ssid: "Corp", max_num_clients: "{{max_clients}}" }],
      }),
    );
    expect(ok).toEqual({ errors: [], warnings: [] });
    const bad = linter.lint(
      base({
        networks: [{ name: "data", subnet: "10.0.0.0/24", gateway: "10.0.0.1.5" }],
        gateway_template: { name: "gw", ip_configs: { data: { type: "static", ip: "gateway" } } },
      }),
    );
    expect(bad.errors).toEqual([
      { path: "blueprint.networks[0].gateway", message: '"10.0.0.1.5" is not an IPv4 address' },
      { path: "blueprint.gateway_template.ip_configs.data.ip", message: '"gateway" is not an IPv4 address' },
    ]);
  });

  it("lints the bodies the workers send: hub type added, labels and policies named as written", () => {
    const report = linter.lint(
      base({
        hub_profiles: [{ name: "hub", port_confg: {} }],
        wlans: [{ ssid: "Guest" }],
        labels: [{ name: "guest", type: "match", wlan_ssids: ["Guest"], match: "wlan_idd" }],
        wlan_policies: [{ order: 1, action: "block", src_labels: ["guest"] }],
      }),
    );
    expect(report.warnings).toEqual([
      {
        path: "blueprint.hub_profiles[0].port_confg",
        message: "unknown property `port_confg` — did you mean `port_config`?",
      },
    ]);
    expect(report.errors).toEqual([
      { path: "blueprint.labels[0].match", message: expect.stringMatching(/^"wlan_idd" is not one of/) },
    ]);
  });

  it("knows the fields Mist added after 2509.1.2 (spec updates)", () => {
    const report = linter.lint(
      base({
        wlans: [{ ssid: "IoT" }],
        rf_template: { name: "rf", enable_unii_4: true, band_5: { power: 0 } },
        gateway_template: { name: "gw", gateway_mgmt: {}, oob_ip_config: { vlan_id: 10 } },
        psks: [
          {
            name: "p",
            ssid: "IoT",
            passphrase: { generate: true },
            vlan_name: "iot",
            usage: "usermac_labels",
          },
        ],
      }),
    );
    expect(report).toEqual({ errors: [], warnings: [] });
  });
});
