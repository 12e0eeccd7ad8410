import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BlueprintCatalog, BlueprintError, parseBlueprint } from "./blueprint-catalog";

const examples = fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url));

describe("blueprints", () => {
  it("loads the shipped examples", async () => {
    const catalog = await BlueprintCatalog.load(examples);
    const rb = catalog.get("retail-branch");
    expect(rb?.blueprint.wlans.map((w) => w.ssid)).toEqual(["RB-Corp", "RB-Guest", "RB-IoT"]);
    expect(rb?.ref.digest).toMatch(/^[0-9a-f]{16}$/);
  });

  it("names the file and field of an invalid blueprint", () => {
    const bad =
      "name: x\nversion: 1\nwlans:\n  - ssid: A\npsks:\n  - { name: p, ssid: B, passphrase: { generate: true } }\n";
    expect(() => parseBlueprint(bad, "bad.yaml")).toThrow(BlueprintError);
    expect(() => parseBlueprint(bad, "bad.yaml")).toThrow(
      /bad.yaml: invalid blueprint: .*wlan_template.*psks.0.ssid: unknown ssid B/,
    );
  });

  it("rejects unparseable YAML with the file name", () => {
    expect(() => parseBlueprint("name: [", "broken.yaml")).toThrow(/broken.yaml: not valid YAML/);
  });

  it("digests content, not formatting", () => {
    const a = parseBlueprint("name: a\nversion: 1\n", "a.yaml");
    const b = parseBlueprint('{"version": 1, "name": "a"}', "a.json");
    expect(a.ref.digest).toBe(b.ref.digest);
  });
});
