import { describe, expect, it } from "vitest";
import { DEFAULT_UPGRADE_WAVES, UpgradeRequest } from "./upgrade-request";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const SITE = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d00aa";
const base = { org_id: ORG, sites: [SITE], device_type: "ap", version: "0.14.29633" };

const fields = (input: unknown) => {
  const r = UpgradeRequest.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

describe("UpgradeRequest", () => {
  it("fills the defaults: the five canonical waves, 10 min soak, 5-point SLE guard, no failures", () => {
    const r = UpgradeRequest.parse(base);
    expect(r.waves).toEqual(DEFAULT_UPGRADE_WAVES);
    expect(r).toMatchObject({ soak_seconds: 600, poll_seconds: 15, max_failures: 0 });
    expect(r.sle_guard).toEqual({ max_drop: 0.05, baseline_seconds: 3600 });
  });

  it("wants sites or a site group, not both and not neither", () => {
    expect(fields({ ...base, sites: undefined })).toEqual(["sites"]);
    expect(fields({ ...base, sitegroup_id: SITE })).toEqual(["sites"]);
    expect(fields({ ...base, sites: undefined, sitegroup_id: SITE })).toEqual([]);
    expect(fields({ ...base, sites: [SITE, SITE] })).toEqual(["sites"]);
  });

  it("requires the last wave to reach every site and a device canary to come first", () => {
    expect(fields({ ...base, waves: [{ percent: 50 }] })).toEqual(["waves.0"]);
    expect(fields({ ...base, waves: [{ sites: 1 }, { devices: 1 }, { percent: 100 }] })).toEqual(["waves.1"]);
    expect(fields({ ...base, waves: [{ percent: 0 }, { percent: 100 }] })).toEqual(["waves.0.percent"]);
  });

  it("names bad fields", () => {
    expect(fields({ ...base, device_type: "router" })).toEqual(["device_type"]);
    expect(fields({ ...base, version: "" })).toEqual(["version"]);
    expect(fields({ ...base, sle_guard: { max_drop: 2 } })).toEqual(["sle_guard.max_drop"]);
    expect(fields({ ...base, sle_guard: { max_drop: 0.1, metrics: ["uptime"] } })).toEqual([
      "sle_guard.metrics.0",
    ]);
    expect(fields({ ...base, surprise: 1 })).toEqual([""]);
  });
});
