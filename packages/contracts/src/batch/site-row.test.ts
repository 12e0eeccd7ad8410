import { describe, expect, it } from "vitest";
import { checkSiteCsvHeader, siteRowToRequest, validateSiteRows } from "./site-row";

const ORG = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
const good = {
  site_name: "RB-0001 Boston",
  address: "240 Newbury St",
  country_code: "us",
  timezone: "America/New_York",
  region: "NA-EAST",
  lat: "42.35",
  lng: "-71.08",
  claim_codes: "06C9F-35WOA-XV9AD; 58VKZ-JGNRA-88B8B",
  macs: "",
  "var.guest_vlan": "130",
  "var.empty": "",
};

describe("site CSV rows", () => {
  it("maps every documented column onto the deployment request", () => {
    expect(siteRowToRequest(good, { org_id: ORG, blueprint: "retail-branch" })).toEqual({
      org_id: ORG,
      site: {
        name: "RB-0001 Boston",
        address: "240 Newbury St",
        timezone: "America/New_York",
        country_code: "us",
        region: "NA-EAST",
        latlng: { lat: 42.35, lng: -71.08 },
      },
      blueprint: "retail-branch",
      devices: { claim_codes: ["06C9F-35WOA-XV9AD", "58VKZ-JGNRA-88B8B"] },
      vars: { guest_vlan: "130" },
    });
  });

  it("reports every bad row with its line and column, and keeps the good ones", () => {
    const { valid, issues } = validateSiteRows(
      [
        { cells: good, line: 2 },
        { cells: { ...good, site_name: "B", timezone: "Mars/Base", lat: "north" }, line: 3 },
        { cells: { ...good, site_name: "C", zone: "NA-WEST", region: "" }, line: 4 },
        { cells: { ...good, site_name: "rb-0001 boston" }, line: 5 },
        { cells: { ...good, site_name: "D", macs: "zz", "var.9x": "1" }, line: 6 },
      ],
      { org_id: ORG, blueprint: "retail-branch" },
    );
    expect(valid.map((v) => v.line)).toEqual([2, 4]);
    expect(valid[1]?.request.site.region).toBe("NA-WEST");
    expect(issues).toEqual([
      { row: 2, line: 3, field: "timezone", message: "must be an IANA time zone such as Europe/Paris" },
      { row: 2, line: 3, field: "lat", message: "must be a number" },
      { row: 4, line: 5, field: "site_name", message: "same site as line 2" },
      { row: 5, line: 6, field: "macs", message: "must be a MAC address (12 hex digits)" },
      { row: 5, line: 6, field: "var.9x", message: "must be a variable name" },
    ]);
  });

  it("names a missing org or blueprint when the caller gives no default", () => {
    const { issues } = validateSiteRows([{ cells: good }]);
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [1, "org_id"],
      [1, "blueprint"],
    ]);
  });

  it("refuses unknown columns and a missing site_name column on line 1", () => {
    expect(checkSiteCsvHeader(["site_name", "address", "var.x", "colour"])).toEqual([
      expect.objectContaining({ line: 1, field: "colour" }),
    ]);
    expect(checkSiteCsvHeader(["address"]).map((i) => i.field)).toEqual(["site_name"]);
  });
});
