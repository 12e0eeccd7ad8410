import { describe, expect, it } from "vitest";
import { findDeprecations } from "./find-deprecations";

describe("findDeprecations", () => {
  it("flags managed / disable_auto_config on an assign, not on other inventory ops", () => {
    const path = "/orgs/o-1/inventory";
    expect(
      findDeprecations({ method: "PUT", path, body: { op: "assign", macs: [], managed: true } }),
    ).toEqual(["managed (2602.1.1; use mist_configured)"]);
    expect(
      findDeprecations({ method: "PUT", path, body: { op: "assign", disable_auto_config: false } }),
    ).toEqual(["disable_auto_config (2602.1.1; use mist_configured)"]);
    expect(findDeprecations({ method: "PUT", path, body: { op: "unassign", managed: true } })).toEqual([]);
    expect(findDeprecations({ method: "PUT", path, body: { op: "assign", mist_configured: true } })).toEqual(
      [],
    );
  });

  it("flags renamed and removed site-setting fields, nested keys at any depth", () => {
    const path = "/sites/s-1/setting";
    expect(findDeprecations({ method: "PUT", path, body: { mxtunnels: {} } })).toEqual([
      "mxtunnels (2606.1.1; use mxtunnel)",
    ]);
    expect(findDeprecations({ method: "PUT", path, body: { mxtunnel: {}, vars: {} } })).toEqual([]);
    expect(
      findDeprecations({ method: "PUT", path, body: { radio_config: { band_5: { ant_mode: "internal" } } } }),
    ).toEqual(["ant_mode (2511.1.0; use antenna_select)"]);
  });

  it("flags a deprecated operation whatever its body, and matches path templates segment by segment", () => {
    expect(
      findDeprecations({ method: "GET", path: "/sites/s-1/sle/site/s-1/metric/coverage/summary" }),
    ).toEqual([
      "GET /sites/{site_id}/sle/{scope}/{scope_id}/metric/{metric}/summary (2607.1.0; use …/metric/{metric}/summary-trend)",
    ]);
    expect(
      findDeprecations({ method: "GET", path: "/sites/s-1/sle/site/s-1/metric/coverage/summary-trend" }),
    ).toEqual([]);
    expect(findDeprecations({ method: "GET", path: "/sites/s-1/setting" })).toEqual([]);
  });

  it("flags basic auth whatever the operation", () => {
    expect(findDeprecations({ method: "GET", path: "/self", authorization: "Basic dXNlcjpwYXNz" })).toEqual([
      "basic auth (2604.1.4; use an API token (Authorization: Token …))",
    ]);
    expect(findDeprecations({ method: "GET", path: "/self", authorization: "Token abc" })).toEqual([]);
  });
});
