import { InvalidOverrideError } from "../errors";
import { type Cidr, type Family, lastAddress, overlaps, parseAddress, parseCidr } from "../net";
import { addressVarName, parseAddressVar } from "./address-vars";

/**
 * After overrides, a role's gateway and DHCP pool must sit on usable addresses of its (possibly
 * overridden) subnet, the pool must not contain the gateway, and the subnet must not overlap another
 * role's. The blame goes to the overridden variable, since the plan's own values are consistent.
 */
export function checkRoleConsistency(
  merged: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
  role: string,
  family: Family,
): void {
  const name = (kind: Parameters<typeof addressVarName>[1]) => addressVarName(role, kind, family);
  const subnetName = name("subnet");
  const blame = (...candidates: string[]) =>
    candidates.find((c) => Object.hasOwn(overrides, c)) ?? subnetName;
  const fail = (variable: string, reason: string): never => {
    throw new InvalidOverrideError(variable, merged[variable] ?? "", reason);
  };

  const subnetText = merged[subnetName];
  const subnet = subnetText === undefined ? undefined : parseCidr(subnetText, family)?.cidr;
  if (!subnet) return; // a free-standing *_gateway with no role subnet: the block check is all we can do
  if (Object.hasOwn(overrides, subnetName)) checkNoOverlap(merged, subnetName, subnet, fail);

  const addr = (kind: "gateway" | "dhcp_start" | "dhcp_end") => {
    const text = merged[name(kind)];
    return text === undefined ? undefined : parseAddress(text, family);
  };
  const usable = (a: bigint) =>
    family === 6
      ? a > subnet.network && a <= lastAddress(subnet)
      : a > subnet.network && a < lastAddress(subnet);
  // The plan defines DHCP pools for IPv4 only.
  const kinds = family === 4 ? (["gateway", "dhcp_start", "dhcp_end"] as const) : (["gateway"] as const);
  for (const kind of kinds) {
    const a = addr(kind);
    if (a !== undefined && !usable(a)) {
      fail(blame(name(kind)), `${name(kind)} is not a usable address of ${subnetName} ${subnetText}`);
    }
  }
  const [gateway, start, end] = [addr("gateway"), addr("dhcp_start"), addr("dhcp_end")];
  if (family === 4 && start !== undefined && end !== undefined) {
    if (start > end) fail(blame(name("dhcp_start"), name("dhcp_end")), "the DHCP pool starts after it ends");
    if (gateway !== undefined && gateway >= start && gateway <= end) {
      fail(
        blame(name("gateway"), name("dhcp_start"), name("dhcp_end")),
        "the gateway would be inside the DHCP pool",
      );
    }
  }
}

function checkNoOverlap(
  merged: Readonly<Record<string, string>>,
  subnetName: string,
  subnet: Cidr,
  fail: (variable: string, reason: string) => never,
): void {
  for (const [other, text] of Object.entries(merged)) {
    const field = parseAddressVar(other);
    if (other === subnetName || field?.kind !== "subnet" || field.family !== subnet.family) continue;
    const cidr = parseCidr(text, subnet.family)?.cidr;
    if (cidr && overlaps(cidr, subnet)) fail(subnetName, `it overlaps ${other} ${text}`);
  }
}
