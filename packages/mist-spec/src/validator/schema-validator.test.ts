import { describe, expect, it } from "vitest";
import { SchemaValidator } from "./schema-validator";

const root = {
  components: {
    schemas: {
      id: { type: "string", format: "uuid" },
      site: {
        type: "object",
        required: ["id", "name"],
        properties: {
          id: { $ref: "#/components/schemas/id" },
          name: { type: "string", minLength: 1 },
          timezone: { type: "string", nullable: true },
          tags: { type: "array", items: { type: "string" }, uniqueItems: true },
          latlng: { type: "object", properties: { lat: { type: "number" } }, additionalProperties: false },
          vars: { type: "object", additionalProperties: { type: "string" } },
          count: { type: "integer", minimum: 0, maximum: 10 },
          mode: { type: "string", enum: ["a", "b"] },
          either: { type: ["string", "null"] },
        },
      },
      ap: { type: "object", required: ["type"], properties: { type: { enum: ["ap"] } } },
      switch: { type: "object", required: ["type"], properties: { type: { enum: ["switch"] } } },
      device: { oneOf: [{ $ref: "#/components/schemas/ap" }, { $ref: "#/components/schemas/switch" }] },
      loose: { oneOf: [{ type: "object" }, { type: "object", properties: { a: { type: "string" } } }] },
    },
  },
};
const validator = new SchemaValidator(root);
const site = { $ref: "#/components/schemas/site" };
const ID = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";

describe("SchemaValidator", () => {
  it("accepts a conforming value and unknown properties by default", () => {
    expect(validator.validate(site, { id: ID, name: "x", extra: 1, timezone: null, either: null })).toEqual(
      [],
    );
  });

  it("reports missing required properties and wrong types with their JSON paths", () => {
    expect(validator.validate(site, { id: "nope", count: 1.5, tags: ["a", 2] })).toEqual([
      { path: "$.name", message: "required property is missing" },
      { path: "$.id", message: '"nope" is not a uuid' },
      { path: "$.count", message: "expected integer, got number" },
      { path: "$.tags[1]", message: "expected string, got integer" },
    ]);
  });

  it("checks enum, ranges, uniqueness, nullability and additionalProperties", () => {
    const issues = validator.validate(site, {
      id: ID,
      name: "",
      mode: "c",
      count: 11,
      tags: ["a", "a"],
      latlng: { lat: 1, lng: 2 },
      vars: { A: 1 },
      either: 3,
    });
    expect(issues.map((i) => i.path)).toEqual([
      "$.name",
      "$.mode",
      "$.count",
      "$.tags[1]",
      "$.latlng.lng",
      "$.vars.A",
      "$.either",
    ]);
    expect(validator.validate({ type: "string" }, null)).toEqual([
      { path: "$", message: "expected string, got null" },
    ]);
  });

  it("quotes keys that are not identifiers", () => {
    const schema = { type: "object", properties: { "ap-availability": { type: "number" } } };
    expect(validator.validate(schema, { "ap-availability": "x" })[0]?.path).toBe('$["ap-availability"]');
  });

  it("passes oneOf when a branch matches and explains the closest branch otherwise", () => {
    const device = { $ref: "#/components/schemas/device" };
    expect(validator.validate(device, { type: "switch" })).toEqual([]);
    const issues = validator.validate(device, { type: "gateway" });
    expect(issues[0]).toEqual({ path: "$", message: "matches none of the 2 oneOf branches" });
    expect(issues[1]?.path).toBe("$.type");
  });

  it("treats overlapping oneOf branches leniently unless strictOneOf is set", () => {
    const loose = { $ref: "#/components/schemas/loose" };
    expect(validator.validate(loose, { a: "x" })).toEqual([]);
    const strict = new SchemaValidator(root, { strictOneOf: true });
    expect(strict.validate(loose, { a: "x" })[0]?.message).toBe(
      "matches 2 oneOf branches, expected exactly one",
    );
  });

  it("applies allOf and anyOf", () => {
    const schema = { allOf: [{ required: ["a"] }, { required: ["b"] }], anyOf: [{ type: "object" }] };
    expect(validator.validate(schema, { a: 1 }).map((i) => i.path)).toEqual(["$.b"]);
    expect(validator.validate({ anyOf: [{ type: "string" }, { type: "integer" }] }, 1.5)).toHaveLength(2);
  });

  it("fails loudly on a $ref it cannot resolve", () => {
    expect(() => validator.validate({ $ref: "#/components/schemas/none" }, 1)).toThrow(/unresolvable/);
  });
});
