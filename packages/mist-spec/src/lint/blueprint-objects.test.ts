import { fileURLToPath } from "node:url";
import { BlueprintCatalog } from "@mistflow/blueprints";
import { Blueprint } from "@mistflow/contracts";
import { OBJECT_SETS } from "@mistflow/desired-state";
import { describe, expect, it } from "vitest";
import { blueprintBodies, LINT_TARGETS, PLACEHOLDER_ID } from "./blueprint-objects";

const examples = fileURLToPath(new URL("../../../../examples/blueprints", import.meta.url));

describe("the bodies the lint checks", () => {
  it("come from every object set of the workers' table, and from nothing else", () => {
    expect(Object.keys(LINT_TARGETS).sort()).toEqual(OBJECT_SETS.map((s) => s.label).sort());
  });

  it("are the shipped blueprint's create bodies in step order, with placeholders for run-time ids", async () => {
    const bp = (await BlueprintCatalog.load(examples)).get("retail-branch")?.blueprint as Blueprint;
    const bodies = blueprintBodies(bp);
    const count = (field: string) => bodies.filter((b) => b.path.startsWith(`blueprint.${field}[`)).length;
    expect(count("applications")).toBe(bp.applications.length);
    expect(count("wlans")).toBe(bp.wlans.length);
    expect(count("labels")).toBe(bp.labels.length);
    expect(bodies.map((b) => b.operationId)).toEqual(
      expect.arrayContaining(["createOrgTemplate", "createOrgRfTemplate", "createOrgWxRule", "createOrgPsk"]),
    );
    expect(bodies.some((b) => b.operationId === "createOrgSiteGroup")).toBe(false);
    const wlan = bodies.find((b) => b.path === "blueprint.wlans[0]");
    expect(wlan?.body.template_id).toBe(PLACEHOLDER_ID);
    // The label matching WLANs by SSID sends WLAN ids, and issues name the field the author wrote.
    const guest = bodies.find((b) => b.path === "blueprint.labels[0]");
    expect(guest?.body.values).toEqual([PLACEHOLDER_ID]);
    expect(guest?.renamed).toEqual({ values: "wlan_ssids" });
    expect(bodies.find((b) => b.path === "blueprint.labels[1]")?.renamed).toEqual({});
    expect(bodies.find((b) => b.path === "blueprint.wlan_policies[0]")?.renamed).toMatchObject({
      src_wxtags: "src_labels",
    });
  });

  it("carry a placeholder passphrase of the configured length, never a real one", () => {
    const bp = Blueprint.parse({
      name: "psk-lint",
      version: 1,
      wlan_template: { name: "t" },
      wlans: [{ ssid: "IoT", auth: { type: "psk" } }],
      psks: [
        { name: "generated", ssid: "IoT", passphrase: { generate: true, length: 30 } },
        { name: "given", ssid: "IoT", passphrase: { secret: "IOT_PSK" } },
      ],
    });
    const psks = blueprintBodies(bp).filter((b) => b.operationId === "createOrgPsk");
    expect(psks.map((p) => [p.path, p.body.name, p.body.passphrase])).toEqual([
      ["blueprint.psks[0]", "generated", "x".repeat(30)],
      ["blueprint.psks[1]", "given", "x".repeat(24)],
    ]);
  });
});
