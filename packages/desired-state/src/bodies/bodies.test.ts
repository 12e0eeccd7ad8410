import { Blueprint } from "@mistflow/contracts";
import { DEFAULT_IPAM_CONFIG } from "@mistflow/ipam";
import { describe, expect, it } from "vitest";
import { blueprintVarUsers, desiredBinding, desiredRebinding, desiredUnbinding } from "./binding";
import {
  desiredHubProfiles,
  desiredLabels,
  desiredPsks,
  desiredWlanPolicies,
  desiredWlans,
  desiredWlanTemplate,
} from "./org-objects";
import { desiredSite, desiredSiteVars } from "./site";

const bp = Blueprint.parse({
  name: "shop",
  version: 1,
  hub_profiles: [{ name: "hub", port_config: {} }],
  wlan_template: { name: "shop-wlans" },
  wlans: [{ ssid: "Guest", vlan_id: "{{guest_vlan}}" }],
  labels: [
    { name: "guest", type: "match", wlan_ssids: ["Guest"] },
    { name: "corp", type: "subnet", values: ["10.0.0.0/8"] },
  ],
  wlan_policies: [{ order: 1, action: "block", src_labels: ["guest"], dst_deny_labels: ["corp"] }],
  psks: [{ name: "iot", ssid: "Guest", passphrase: { secret: "IOT_PSK" } }],
});

describe("desired bodies", () => {
  it("resolves references to Mist ids through the caller's resolvers", () => {
    expect(desiredHubProfiles(bp)).toEqual([{ name: "hub", port_config: {}, type: "gateway" }]);
    expect(desiredWlanTemplate(bp, "sg-1")).toEqual({
      name: "shop-wlans",
      applies: { sitegroup_ids: ["sg-1"] },
    });
    expect(desiredWlans(bp, "t-1")).toEqual([
      { ssid: "Guest", vlan_id: "{{guest_vlan}}", template_id: "t-1" },
    ]);
    expect(desiredLabels(bp, (ssid) => `wlan-${ssid}`)).toEqual([
      { name: "guest", type: "match", match: "wlan_id", values: ["wlan-Guest"] },
      { name: "corp", type: "subnet", values: ["10.0.0.0/8"] },
    ]);
    expect(desiredWlanPolicies(bp, "t-1", (name) => `tag-${name}`)).toEqual([
      {
        order: 1,
        action: "block",
        template_id: "t-1",
        src_wxtags: ["tag-guest"],
        dst_allow_wxtags: [],
        dst_deny_wxtags: ["tag-corp"],
      },
    ]);
  });

  it("leaves the PSK passphrase out of the desired state", () => {
    expect(desiredPsks(bp)).toEqual([{ name: "iot", ssid: "Guest" }]);
  });

  it("binds templates and adds the blueprint's group without dropping a person's", () => {
    expect(
      desiredBinding({ gatewaytemplate_id: "g", sitegroup_id: "sg", current_sitegroup_ids: ["mine"] }),
    ).toEqual({ gatewaytemplate_id: "g", sitegroup_ids: ["mine", "sg"] });
    expect(desiredBinding({ sitegroup_id: "sg", current_sitegroup_ids: ["sg"] })).toEqual({
      sitegroup_ids: ["sg"],
    });
    expect(desiredBinding({ current_sitegroup_ids: [] })).toEqual({});
    expect(Object.keys(blueprintVarUsers(bp)).sort()).toEqual([
      "gateway_template",
      "hub_profiles",
      "labels",
      "networks",
      "psks",
      "rf_template",
      "switch_template",
      "wlans",
    ]);
  });

  it("renders the site and its variables from the IP block's index, overrides on top", () => {
    const site = {
      name: "S",
      address: "A",
      timezone: "UTC",
      country_code: "US",
      region: "NA-EAST",
    };
    expect(desiredSite(site)).toEqual({ name: "S", address: "A", timezone: "UTC", country_code: "US" });
    const vars = desiredSiteVars(DEFAULT_IPAM_CONFIG, "NA-EAST", 1, { guest_vlan: "131" });
    expect(vars).toMatchObject({ site_zone: "NA-EAST", site_index: "1", guest_vlan: "131" });
    expect(desiredSiteVars(DEFAULT_IPAM_CONFIG, "NA-EAST", 1, {}).site_block).toBe(vars.site_block);
  });
});

describe("desiredUnbinding", () => {
  it("clears every bound template and leaves only the blueprint's site group", () => {
    const u = desiredUnbinding(
      {
        gatewaytemplate_id: "g1",
        networktemplate_id: null,
        rftemplate_id: "rf1",
        sitegroup_ids: ["mine", "sg"],
      },
      "sg",
    );
    expect(u.patch).toEqual({ gatewaytemplate_id: null, rftemplate_id: null, sitegroup_ids: ["mine"] });
    expect(u.templates).toEqual({ gatewaytemplate_id: "g1", rftemplate_id: "rf1" });
    expect(u.leftSitegroup).toBe("sg");
    expect(u.keptSitegroups).toEqual(["mine"]);
  });

  it("is an empty patch once the site is unbound, so a repeat writes nothing", () => {
    const u = desiredUnbinding({ gatewaytemplate_id: null, sitegroup_ids: ["mine"] }, "sg");
    expect(u.patch).toEqual({});
    expect(u.leftSitegroup).toBeUndefined();
  });
});

describe("desiredRebinding", () => {
  const site = {
    gatewaytemplate_id: "gw1",
    networktemplate_id: "sw1",
    rftemplate_id: "rf1",
    sitegroup_ids: ["mine", "sg1"],
  };

  it("moves only what differs: the changed template and the site group of the new version", () => {
    const patch = desiredRebinding(site, {
      gatewaytemplate_id: "gw1",
      networktemplate_id: "sw2",
      rftemplate_id: "rf1",
      sitegroup_id: "sg2",
      retired_sitegroup_ids: ["sg1"],
    });
    expect(patch).toEqual({ networktemplate_id: "sw2", sitegroup_ids: ["mine", "sg2"] });
  });

  it("clears a template the target no longer has, and is empty once the move landed", () => {
    expect(
      desiredRebinding(site, { networktemplate_id: "sw1", rftemplate_id: "rf1", retired_sitegroup_ids: [] }),
    ).toEqual({ gatewaytemplate_id: null });
    const moved = { ...site, networktemplate_id: "sw2", sitegroup_ids: ["mine", "sg2"] };
    expect(
      desiredRebinding(moved, {
        gatewaytemplate_id: "gw1",
        networktemplate_id: "sw2",
        rftemplate_id: "rf1",
        sitegroup_id: "sg2",
        retired_sitegroup_ids: ["sg1"],
      }),
    ).toEqual({});
  });

  it("moves back on a rollback: the target's group stays even when listed among the retired", () => {
    expect(
      desiredRebinding(
        { ...site, sitegroup_ids: ["sg2", "mine"] },
        {
          gatewaytemplate_id: "gw1",
          networktemplate_id: "sw1",
          rftemplate_id: "rf1",
          sitegroup_id: "sg1",
          retired_sitegroup_ids: ["sg1", "sg2"],
        },
      ),
    ).toEqual({ sitegroup_ids: ["mine", "sg1"] });
  });
});
