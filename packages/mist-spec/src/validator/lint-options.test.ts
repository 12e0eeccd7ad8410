import { describe, expect, it } from "vitest";
import { SchemaValidator } from "./schema-validator";

const root = {
  components: {
    schemas: {
      vlan: { oneOf: [{ type: "string" }, { type: "integer", minimum: 1, maximum: 4094 }] },
      base: { type: "object", properties: { name: { type: "string" }, notes: { type: "string" } } },
      network: {
        allOf: [{ $ref: "#/components/schemas/base" }],
        type: "object",
        properties: {
          gateway: { type: "string", format: "ipv4" },
          gateway6: { type: "string", format: "ipv6" },
          vlan_id: { $ref: "#/components/schemas/vlan" },
          mtu: { type: "integer" },
          mode: { type: "string", enum: ["access", "trunk"] },
          isolation: { type: "boolean" },
          tags: { type: "object", additionalProperties: { type: "string" } },
          dhcp: { type: "object", properties: { servers: { type: "array", items: { type: "string" } } } },
        },
      },
      ap: {
        type: "object",
        properties: { type: { type: "string", enum: ["ap"] }, led: { type: "object" } },
      },
      gateway: {
        type: "object",
        properties: { type: { type: "string", enum: ["gateway"] }, port_config: { type: "object" } },
      },
      profile: { oneOf: [{ $ref: "#/components/schemas/ap" }, { $ref: "#/components/schemas/gateway" }] },
    },
  },
};
const lint = new SchemaValidator(root, { siteVariables: true, ipFormats: true, unknownProperties: true });
const plain = new SchemaValidator(root);
const network = { $ref: "#/components/schemas/network" };
const profile = { $ref: "#/components/schemas/profile" };

describe("SchemaValidator lint options", () => {
  it("accepts a site variable wherever a string, a formatted string, an integer or an enum is expected", () => {
    expect(
      lint.validate(network, {
        gateway: "{{data_gateway}}",
        gateway6: "{{ v6_gateway }}",
        vlan_id: "{{data_vlan}}",
        mtu: "{{mtu}}",
        mode: "{{port_mode}}",
        notes: "site {{site_index}}",
      }),
    ).toEqual([]);
  });

  it("still rejects a variable where an object or boolean is expected, and a literal that is not an IP", () => {
    expect(lint.validate(network, { isolation: "{{iso}}", dhcp: "{{dhcp}}" })).toEqual([
      { path: "$.isolation", message: "expected boolean, got string" },
      { path: "$.dhcp", message: "expected object, got string" },
    ]);
    expect(lint.validate(network, { gateway: "10.0.0.256", gateway6: "10.0.0.1" })).toEqual([
      { path: "$.gateway", message: '"10.0.0.256" is not an IPv4 address' },
      { path: "$.gateway6", message: '"10.0.0.1" is not an IPv6 address' },
    ]);
    expect(lint.validate(network, { gateway: "10.0.0.1", gateway6: "2001:db8::1" })).toEqual([]);
  });

  it("keeps the contract reading by default: no variables, no IP formats, no unknown-name warnings", () => {
    expect(plain.validate(network, { mtu: "{{mtu}}", gateway: "nope", mtuu: 1 })).toEqual([
      { path: "$.mtu", message: "expected integer, got string" },
    ]);
  });

  it("reports a type error and an enum error with the path, and a plain string where an integer goes", () => {
    expect(lint.validate(network, { mtu: "1500", mode: "hybrid" })).toEqual([
      { path: "$.mtu", message: "expected integer, got string" },
      { path: "$.mode", message: '"hybrid" is not one of ["access","trunk"]' },
    ]);
  });

  it("explains a oneOf miss with the branch of the value's own type", () => {
    expect(lint.validate(network, { vlan_id: 5000 })).toEqual([
      { path: "$.vlan_id", message: "matches none of the 2 oneOf branches" },
      { path: "$.vlan_id", message: "5000 is above maximum 4094" },
    ]);
  });

  it("warns of unknown properties with the closest declared name, through allOf and at any depth", () => {
    expect(
      lint.validate(
        network,
        { nmae: "x", name: "y", vlan_idd: 1, dhcp: { server: [] }, zzz: 1 },
        "bp.networks[0]",
      ),
    ).toEqual([
      {
        path: "bp.networks[0].dhcp.server",
        message: "unknown property `server` — did you mean `servers`?",
        severity: "warning",
      },
      {
        path: "bp.networks[0].nmae",
        message: "unknown property `nmae` — did you mean `name`?",
        severity: "warning",
      },
      {
        path: "bp.networks[0].vlan_idd",
        message: "unknown property `vlan_idd` — did you mean `vlan_id`?",
        severity: "warning",
      },
      { path: "bp.networks[0].zzz", message: "unknown property `zzz`", severity: "warning" },
    ]);
    // A map (additionalProperties) takes any key.
    expect(lint.validate(network, { tags: { anything: "x" } })).toEqual([]);
  });

  it("judges names by the oneOf branch the value fits, and keeps warnings from inside it", () => {
    expect(lint.validate(profile, { type: "gateway", port_config: {} })).toEqual([]);
    expect(lint.validate(profile, { type: "gateway", led: {}, port_confg: {} })).toEqual([
      { path: "$.led", message: "unknown property `led`", severity: "warning" },
      {
        path: "$.port_confg",
        message: "unknown property `port_confg` — did you mean `port_config`?",
        severity: "warning",
      },
    ]);
  });
});
