import { describe, expect, it } from "vitest";
import { tokenSourceRule } from "./org-setting";
import { addressAllowed, isSourceEntry } from "./source-ip";

describe("source-IP entries", () => {
  it("takes addresses and CIDR subnets of both families, nothing else", () => {
    for (const ok of ["63.3.55.4", "63.3.56.0/24", "::1", "2001:db8::/32"])
      expect(isSourceEntry(ok)).toBe(true);
    for (const bad of ["63.3.56.0/33", "host.example", "10.0.0.0/8/1", "", "::1/129"])
      expect(isSourceEntry(bad)).toBe(false);
  });

  it("matches an address inside a subnet or equal to an entry", () => {
    expect(addressAllowed("63.3.56.17", ["63.3.56.0/24"])).toBe(true);
    expect(addressAllowed("63.3.57.1", ["63.3.56.0/24", "10.0.0.1"])).toBe(false);
    expect(addressAllowed("127.0.0.1", ["127.0.0.0/8"])).toBe(true);
    expect(addressAllowed("::1", ["::1"])).toBe(true);
  });
});

describe("which rule an org token obeys", () => {
  const setting = (api_policy: Record<string, unknown>) =>
    ({ id: "o", org_id: "o", created_time: 0, modified_time: 0, api_policy }) as never;

  it("obeys the org policy only when enforce_src_ips_for_tokens is on", () => {
    expect(tokenSourceRule(setting({ src_ips: ["10.0.0.0/8"] }), undefined)).toBeUndefined();
    expect(
      tokenSourceRule(setting({ src_ips: ["10.0.0.0/8"], enforce_src_ips_for_tokens: true }), undefined),
    ).toEqual(["10.0.0.0/8"]);
  });

  it("prefers the token's own src_ips over the org policy", () => {
    const rule = tokenSourceRule(setting({ src_ips: ["10.0.0.0/8"], enforce_src_ips_for_tokens: true }), [
      "192.0.2.1",
    ]);
    expect(rule).toEqual(["192.0.2.1"]);
  });
});
