import { describe, expect, it } from "vitest";
import { pendingId, planObject, redact } from "./planned-object";

describe("planObject", () => {
  it("creates what Mist lacks, showing the body without its secrets", () => {
    const planned = planObject(
      "s10",
      "wlan",
      "Corp",
      {
        ssid: "Corp",
        auth: { type: "psk", psk: "correct horse battery" },
        template_id: pendingId("wlan_template", "t"),
      },
      undefined,
    );
    expect(planned).toEqual({
      step: "s10",
      kind: "wlan",
      name: "Corp",
      action: "create",
      desired: {
        ssid: "Corp",
        auth: { type: "psk", psk: "[redacted]" },
        template_id: "<id of new wlan_template t>",
      },
    });
  });

  it("updates with the differing fields, redacting a secret on both sides", () => {
    const planned = planObject(
      "s10",
      "wlan",
      "Corp",
      { ssid: "Corp", vlan_id: "10", auth: { psk: "new-secret-value" } },
      { id: "w1", ssid: "Corp", vlan_id: "20", auth: { psk: "old-secret-value" } },
    );
    expect(planned).toMatchObject({ action: "update", mist_id: "w1" });
    expect(planned.changes).toEqual([
      { path: "vlan_id", current: "20", desired: "10" },
      { path: "auth.psk", current: "[redacted]", desired: "[redacted]" },
    ]);
    expect(JSON.stringify(planned)).not.toMatch(/secret-value/);
  });

  it("is unchanged when only a masked secret cannot be compared, and says so", () => {
    const planned = planObject(
      "s13",
      "psk",
      "iot",
      { name: "iot", radius: { secret: "s3cr3t" } },
      { id: "p1", name: "iot", radius: { secret: "********" }, created_time: 1 },
    );
    expect(planned).toEqual({
      step: "s13",
      kind: "psk",
      name: "iot",
      action: "unchanged",
      mist_id: "p1",
      unknown: ["radius.secret"],
    });
  });

  it("redacts secrets however deep", () => {
    expect(redact({ passphrase: "x", nested: [{ api_key: "k", name: "n" }] })).toEqual({
      passphrase: "[redacted]",
      nested: [{ api_key: "[redacted]", name: "n" }],
    });
  });
});
