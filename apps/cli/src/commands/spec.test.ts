import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mistSpecPath } from "@mistflow/mist-spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Output } from "./output";
import { specCommand } from "./spec";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { io, out, err };
};

const SPEC = mistSpecPath();
const HAVE_SPEC = SPEC !== undefined && existsSync(SPEC);
const example = fileURLToPath(new URL("../../../../examples/blueprints/retail-branch.yaml", import.meta.url));

describe("mistflow spec", () => {
  it("without a spec file says where to get it and how to set MIST_OPENAPI_SPEC, and fails", async () => {
    const c = capture();
    const code = await specCommand(
      { env: { MIST_OPENAPI_SPEC: "/nowhere/mist.openapi.yaml" }, json: false },
      c.io,
    );
    expect(code).toBe(1);
    expect(c.err.join("\n")).toContain("no Mist OpenAPI spec at /nowhere/mist.openapi.yaml");
    expect(c.err.join("\n")).toContain("https://github.com/mistsys/mist_openapi");
    expect(c.err.join("\n")).toContain("export MIST_OPENAPI_SPEC=");
    expect(c.out).toEqual([]);
  });

  describe.skipIf(!HAVE_SPEC && process.env.CI !== "true")("with the official spec", () => {
    let dir: string;
    beforeAll(async () => {
      if (!HAVE_SPEC) throw new Error(`no Mist spec at ${SPEC} (CI=true: this test requires it)`);
      dir = await mkdtemp(join(tmpdir(), "cli-spec-"));
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    const env = () => ({ MIST_OPENAPI_SPEC: SPEC as string });

    it("prints the loaded file, its version and the spec updates applied", async () => {
      const c = capture();
      expect(await specCommand({ env: env(), json: false }, c.io)).toBe(0);
      expect(c.out[0]).toMatch(/^Mist OpenAPI spec \d{4}\.\d+\.\d+$/);
      expect(c.out[1]).toContain(`${SPEC} (MIST_OPENAPI_SPEC)`);
      if (c.out[0]?.endsWith("2509.1.2"))
        expect(c.out.join("\n")).toContain("2606.1.1  site setting `mxtunnel`");
      const j = capture();
      await specCommand({ env: env(), json: true }, j.io);
      expect(JSON.parse(j.out.join("\n"))).toMatchObject({ path: SPEC, source: "env" });
    });

    it("--lint passes a clean blueprint and fails one Mist would refuse, naming each path", async () => {
      const clean = capture();
      expect(await specCommand({ env: env(), lint: example, json: false }, clean.io)).toBe(0);
      expect(clean.out.at(-1)).toMatch(/^retail-branch v1: 0 error\(s\), 0 warning\(s\) against Mist spec /);

      const file = join(dir, "bad.json");
      await writeFile(
        file,
        JSON.stringify({
          name: "bad",
          version: 1,
          wlan_template: { name: "t" },
          wlans: [{ ssid: "A", vlan_idd: 1, max_num_clients: "10", auth: { type: "wpa9" } }],
        }),
      );
      const bad = capture();
      expect(await specCommand({ env: env(), lint: file, json: false }, bad.io)).toBe(1);
      expect(bad.out).toContain("error    blueprint.wlans[0].max_num_clients: expected integer, got string");
      expect(
        bad.out.some((l) => l.startsWith('error    blueprint.wlans[0].auth.type: "wpa9" is not one of')),
      ).toBe(true);
      expect(bad.out).toContain(
        "warning  blueprint.wlans[0].vlan_idd: unknown property `vlan_idd` — did you mean `vlan_id`?",
      );
      expect(bad.out.at(-1)).toMatch(/^bad v1: 2 error\(s\), 1 warning\(s\)/);
    });
  });
});
