import { InvalidOverrideError } from "../errors";
import { type Cidr, containsAddress, containsCidr, formatCidr, parseAddress, parseCidr } from "../net";
import { parseAddressVar } from "./address-vars";
import { checkRoleConsistency } from "./role-consistency";
import { IDENTITY_VARS } from "./site-vars";

/**
 * Applies hand-written overrides on top of `siteVars(plan)`; overrides win. Address-bearing
 * overrides of the plan's roles (`R_subnet`, `R_gateway`, `R_dhcp_start`, `R_dhcp_end` and the
 * `6` forms) must stay inside the site's own block and agree with the rest of their role:
 * overlapping plans between sites, or between roles of one site, are exactly the spreadsheet bug
 * this package exists to prevent, and an override is the one way a human can reintroduce it.
 * @throws InvalidOverrideError naming the offending variable
 */
export function mergeVars(
  planVars: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const block4 = parseCidr(planVars.site_block ?? "", 4)?.cidr;
  if (!block4) throw new TypeError("planVars has no valid site_block; pass the output of siteVars()");
  const block6 = planVars.site_block6 === undefined ? undefined : parseCidr(planVars.site_block6, 6)?.cidr;
  const merged: Record<string, string> = { ...planVars };
  const touched = new Map<string, { role: string; family: 4 | 6 }>();

  for (const [name, value] of Object.entries(overrides)) {
    if (typeof value !== "string")
      throw new InvalidOverrideError(name, String(value), "site variables are strings");
    if ((IDENTITY_VARS as readonly string[]).includes(name)) {
      if (value !== planVars[name]) {
        throw new InvalidOverrideError(
          name,
          value,
          "it identifies the allocation; release and re-allocate instead",
        );
      }
      continue;
    }
    merged[name] = value;
    const field = parseAddressVar(name);
    // Only roles the plan owns are policed; e.g. a WAN `wan_gateway` rightly lies outside the block.
    if (!field || !Object.hasOwn(planVars, `${field.role}_subnet`)) continue;
    const block = field.family === 4 ? block4 : block6;
    if (!block) throw new InvalidOverrideError(name, value, "this site has no IPv6 plan to check it against");
    checkInsideBlock(name, value, field.kind === "subnet", block);
    touched.set(`${field.family}|${field.role}`, field);
  }
  for (const { role, family } of touched.values()) checkRoleConsistency(merged, overrides, role, family);
  return merged;
}

function checkInsideBlock(name: string, value: string, isSubnet: boolean, block: Cidr): void {
  const outside = `it is outside the site block ${formatCidr(block)}, where it could collide with another site`;
  const v = `IPv${block.family}`;
  if (isSubnet) {
    const parsed = parseCidr(value, block.family);
    if (!parsed) throw new InvalidOverrideError(name, value, `not an ${v} CIDR`);
    if (parsed.hostBitsSet) {
      throw new InvalidOverrideError(name, value, `host bits set; the network is ${formatCidr(parsed.cidr)}`);
    }
    if (!containsCidr(block, parsed.cidr)) throw new InvalidOverrideError(name, value, outside);
    return;
  }
  const addr = parseAddress(value, block.family);
  if (addr === undefined) throw new InvalidOverrideError(name, value, `not an ${v} address`);
  if (!containsAddress(block, addr)) throw new InvalidOverrideError(name, value, outside);
}
