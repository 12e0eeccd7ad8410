import type { Family } from "../net";

export type AddressKind = "subnet" | "gateway" | "dhcp_start" | "dhcp_end";

export interface AddressVar {
  role: string;
  kind: AddressKind;
  family: Family;
}

/** Longest suffixes first so `_subnet6` is not read as role "x_subnet" + "6". */
const SUFFIXES: ReadonlyArray<[string, AddressKind, Family]> = [
  ["_dhcp_start", "dhcp_start", 4],
  ["_dhcp_end", "dhcp_end", 4],
  ["_subnet6", "subnet", 6],
  ["_gateway6", "gateway", 6],
  ["_subnet", "subnet", 4],
  ["_gateway", "gateway", 4],
];

/** Recognises the variables that carry addresses (see `siteVars`); anything else is free text. */
export function parseAddressVar(name: string): AddressVar | undefined {
  for (const [suffix, kind, family] of SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      return { role: name.slice(0, -suffix.length), kind, family };
    }
  }
  return undefined;
}

export const addressVarName = (role: string, kind: AddressKind, family: Family): string =>
  `${role}_${kind}${family === 6 && (kind === "subnet" || kind === "gateway") ? "6" : ""}`;
