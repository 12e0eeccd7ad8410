import { Blueprint, type BlueprintInput } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { changedFamilies, effectiveBlueprint, versionedName } from "./effective-blueprint";

const v1Input: BlueprintInput = {
  name: "branch",
  version: 1,
  networks: [{ name: "data", vlan_id: 10 }],
  gateway_template: { name: "Branch GW", port_config: { "ge-0/0/0": { usage: "wan" } } },
  switch_template: { name: "Branch SW", port_usages: { access: { mode: "access", port_network: "data" } } },
  rf_template: { name: "Branch RF", band_24: { power: 10 } },
  wlan_template: { name: "Branch WLANs" },
  wlans: [{ ssid: "Corp" }],
};
const bp = (input: BlueprintInput) => Blueprint.parse(input);
const v1 = bp(v1Input);

describe("effective blueprint of a version", () => {
  it("deploys the first version exactly as written", () => {
    expect(effectiveBlueprint(v1, undefined)).toBe(v1);
  });

  it("copies only the families that changed, under a versioned name", () => {
    const v2 = bp({
      ...v1Input,
      version: 2,
      wlans: [{ ssid: "Corp" }, { ssid: "Guest" }],
      switch_template: {
        name: "Branch SW",
        port_usages: { access: { mode: "access", port_network: "voice" } },
      },
    });
    const e2 = effectiveBlueprint(v2, { source: v1, effective: v1 });
    expect(e2.switch_template?.name).toBe("Branch SW v2");
    expect(e2.wlan_template?.name).toBe("Branch WLANs v2");
    expect(e2.site_group).toBe("mistflow-branch v2");
    expect(e2.gateway_template?.name).toBe("Branch GW");
    expect(e2.rf_template?.name).toBe("Branch RF");
    // Shared objects keep their names: sites do not bind to them.
    expect(e2.networks).toEqual(v2.networks);
    expect(changedFamilies(v2, v1)).toEqual(["switch", "wireless"]);

    // v3 touches only the RF template: the switch and WLANs stay on the v2 copies.
    const v3 = bp({ ...v2, version: 3, rf_template: { name: "Branch RF", band_24: { power: 12 } } });
    const e3 = effectiveBlueprint(v3, { source: v2, effective: e2 });
    expect(e3.switch_template?.name).toBe("Branch SW v2");
    expect(e3.wlan_template?.name).toBe("Branch WLANs v2");
    expect(e3.site_group).toBe("mistflow-branch v2");
    expect(e3.rf_template?.name).toBe("Branch RF v3");
  });

  it("keeps a name the operator changed, since that already is a new object", () => {
    const v2 = bp({ ...v1Input, version: 2, gateway_template: { name: "Branch GW 2026", port_config: {} } });
    expect(effectiveBlueprint(v2, { source: v1, effective: v1 }).gateway_template?.name).toBe(
      "Branch GW 2026",
    );
  });

  it("keeps a versioned name within Mist's 64 characters", () => {
    const name = versionedName("x".repeat(64), 12);
    expect(name).toHaveLength(64);
    expect(name.endsWith(" v12")).toBe(true);
  });
});
