import { describe, expect, it } from "vitest";
import { formatBlueprint, formatBlueprints } from "./blueprints";

describe("blueprints output", () => {
  it("lists each blueprint with its sites per version", () => {
    expect(
      formatBlueprints([
        { name: "branch", latest_version: 2, versions: 2, sites_by_version: { 2: 3, 1: 9 } },
        { name: "kiosk", latest_version: 1, versions: 1, sites_by_version: {} },
      ]),
    ).toEqual(["branch  newest v2 (2 versions)  9 on v1, 3 on v2", "kiosk  newest v1 (1 version)  no sites"]);
    expect(formatBlueprints([])).toEqual(["no blueprints registered"]);
  });

  it("shows a blueprint's versions newest first, with template names and bound sites", () => {
    const at = "2026-12-06T10:00:00.000Z";
    const lines = formatBlueprint({
      name: "branch",
      latest_version: 2,
      versions: [
        {
          name: "branch",
          version: 1,
          digest: "d1",
          source_digest: "d1",
          registered_at: at,
          objects: {},
          sites: [],
        },
        {
          name: "branch",
          version: 2,
          digest: "d2",
          source_digest: "s2",
          registered_at: at,
          objects: { switch_template: "Branch SW v2" },
          sites: [
            {
              org_id: "o",
              site_id: "s-1",
              site_name: "Store 1",
              blueprint: "branch",
              version: 2,
              digest: "d2",
              bound_by: "dep-1",
              bound_at: at,
            },
          ],
        },
      ],
    });
    expect(lines).toEqual([
      "blueprint branch, newest version 2",
      `  v2  digest d2  registered ${at}  1 site(s)`,
      '      switch_template "Branch SW v2"',
      `      Store 1 (s-1) since ${at}`,
      `  v1  digest d1  registered ${at}  0 site(s)`,
    ]);
  });
});
