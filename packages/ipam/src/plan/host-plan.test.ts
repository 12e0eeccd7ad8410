import { describe, expect, it } from "vitest";
import { type Cidr, formatAddress, parseCidr } from "../net";
import { hostPlan } from "./host-plan";

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text, 4);
  if (!parsed) throw new Error(text);
  return parsed.cidr;
};
const show = (text: string, gatewayHost: "first" | "last") => {
  const p = hostPlan(cidr(text), { gatewayHost, dhcp: true });
  return [p.gateway, p.dhcp?.start, p.dhcp?.end]
    .map((a) => (a === undefined ? "-" : formatAddress(a, 4)))
    .join(" ");
};

describe("hostPlan reservation rule", () => {
  it("reserves network+1..+10 on /26 and larger", () => {
    expect(show("10.0.0.0/24", "first")).toBe("10.0.0.1 10.0.0.11 10.0.0.254");
    expect(show("10.0.0.0/24", "last")).toBe("10.0.0.254 10.0.0.11 10.0.0.253");
    expect(show("10.0.0.64/26", "first")).toBe("10.0.0.65 10.0.0.75 10.0.0.126");
  });

  it("only steps around the gateway on smaller subnets", () => {
    expect(show("10.0.0.32/27", "first")).toBe("10.0.0.33 10.0.0.34 10.0.0.62");
    expect(show("10.0.0.32/27", "last")).toBe("10.0.0.62 10.0.0.33 10.0.0.61");
    expect(show("10.0.0.4/30", "first")).toBe("10.0.0.5 10.0.0.6 10.0.0.6");
    expect(show("10.0.0.4/30", "last")).toBe("10.0.0.6 10.0.0.5 10.0.0.5");
  });

  it("has no pool without dhcp", () => {
    expect(hostPlan(cidr("10.0.0.0/24"), { gatewayHost: "first", dhcp: false }).dhcp).toBeUndefined();
  });
});
