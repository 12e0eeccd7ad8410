import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../document";
import { compareSpecVersions, SPEC_UPDATES, type SpecUpdate, updatedDocument } from "./spec-updates";

const doc = (version: string): OpenApiDocument => ({
  openapi: "3.1.0",
  info: { version },
  paths: {},
  components: { schemas: { psk: { type: "object", properties: { name: { type: "string" } } } } },
});
type PskOnly = { psk: { properties: object } };
const updates: SpecUpdate[] = [
  {
    since: "2604.1.0",
    field: "PSK `vlan_name`",
    pointer: "/components/schemas/psk/properties/vlan_name",
    value: { type: "string" },
  },
  {
    since: "2607.1.0",
    field: "PSK `x`",
    pointer: "/components/schemas/psk/properties/x",
    value: { type: "boolean" },
  },
];

describe("spec updates", () => {
  it("compares Mist versions part by part, numerically", () => {
    expect(compareSpecVersions("2509.1.2", "2604.1.0")).toBeLessThan(0);
    expect(compareSpecVersions("2602.1.10", "2602.1.9")).toBeGreaterThan(0);
    expect(compareSpecVersions("2606.1.1", "2606.1.1")).toBe(0);
  });

  it("applies to a copy only the updates newer than the document, leaving the original untouched", () => {
    const old = doc("2509.1.2");
    const { doc: updated, applied } = updatedDocument(old, updates);
    expect(applied.map((u) => u.since)).toEqual(["2604.1.0", "2607.1.0"]);
    const properties = (d: OpenApiDocument) => Object.keys((d.components.schemas as PskOnly).psk.properties);
    expect(properties(updated)).toEqual(["name", "vlan_name", "x"]);
    expect(properties(old)).toEqual(["name"]);
    expect(updatedDocument(doc("2605.1.0"), updates).applied.map((u) => u.since)).toEqual(["2607.1.0"]);
    expect(updatedDocument(doc("2607.1.0"), updates).applied).toEqual([]);
  });

  it("refuses an update whose place no longer exists, rather than silently dropping it", () => {
    const gone = [
      { since: "2604.1.0", field: "f", pointer: "/components/schemas/nope/properties/a", value: 1 },
    ];
    expect(() => updatedDocument(doc("2509.1.2"), gone)).toThrow(/spec update .*nope.* does not resolve/);
  });

  it("dates every shipped update after the CI copy (2509.1.2) and names its field", () => {
    for (const u of SPEC_UPDATES) {
      expect(compareSpecVersions(u.since, "2509.1.2")).toBeGreaterThan(0);
      expect(u.field).not.toBe("");
    }
  });
});
