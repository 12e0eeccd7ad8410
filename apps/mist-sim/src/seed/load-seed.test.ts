import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadSeed, parseSeed } from "./load-seed";

const ORG = "11111111-1111-4111-8111-111111111111";
const seed = {
  orgs: [{ id: ORG, name: "Lab" }],
  tokens: [
    {
      value: "lab-token-123456",
      alias: "lab",
      kind: "org",
      privileges: [{ scope: "org", role: "admin", org_id: ORG }],
    },
  ],
  inventory: {
    [ORG]: [
      { mac: "001122334455", serial: "S1", model: "AP45", type: "ap", claim_code: "AAAAA-BBBBB-CCCCC" },
    ],
  },
};

describe("loadSeed", () => {
  const dir = mkdtempSync(join(tmpdir(), "mist-sim-seed-"));

  it("loads JSON and YAML files", () => {
    writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
    writeFileSync(join(dir, "seed.yaml"), stringify(seed));
    expect(loadSeed(join(dir, "seed.json"))).toEqual(seed);
    expect(loadSeed(join(dir, "seed.yaml"))).toEqual(seed);
  });

  it("defaults an absent inventory to no devices", () => {
    const { inventory: _none, ...bare } = seed;
    expect(parseSeed(bare).inventory).toEqual({});
  });

  it("names invalid paths and broken cross references", () => {
    const bad = structuredClone(seed);
    bad.tokens.push({ ...seed.tokens[0], value: "lab-token-123456" } as (typeof bad.tokens)[number]);
    (bad.inventory[ORG] ?? [])[0] = { ...(seed.inventory[ORG]?.[0] ?? {}), mac: "00:11" } as never;
    const err = (() => {
      try {
        parseSeed(bad);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(err).toContain("tokens[1].value");
    expect(err).toContain("duplicate token value");
    expect(err).toContain("mac");
  });

  it("reports unreadable files", () => {
    writeFileSync(join(dir, "broken.json"), "{");
    expect(() => loadSeed(join(dir, "broken.json"))).toThrow(/cannot parse seed file/);
    expect(() => loadSeed(join(dir, "missing.json"))).toThrow();
  });
});
