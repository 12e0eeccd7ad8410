/**
 * Default zones, in the order that fixes their blocks: zone N is the N-th /11 of 10.0.0.0/8.
 * Reordering or inserting moves every later zone's addresses; append new zones at the end.
 */
export const DEFAULT_ZONES = [
  { code: "NA-EAST", name: "North America East" },
  { code: "NA-WEST", name: "North America West" },
  { code: "LATAM", name: "Latin America" },
  { code: "EMEA-N", name: "Europe, Middle East & Africa North" },
  { code: "EMEA-S", name: "Europe, Middle East & Africa South" },
  { code: "APAC-N", name: "Asia Pacific North" },
  { code: "APAC-S", name: "Asia Pacific South" },
  { code: "ANZ", name: "Australia & New Zealand" },
] as const;

/**
 * Default roles for a /22 site block: 704 of 1,024 addresses, leaving a /24 and a /26 free so a
 * role can be appended later. Appending a role no larger than the smallest one keeps every existing
 * subnet where it is; a larger one re-packs (renumbers) every site.
 */
export const DEFAULT_ROLES = [
  { name: "data", vlan: 10, prefixLength: 24, dhcp: true, gatewayHost: "first" },
  { name: "voice", vlan: 20, prefixLength: 25, dhcp: true, gatewayHost: "first" },
  { name: "guest", vlan: 30, prefixLength: 25, dhcp: true, gatewayHost: "first" },
  { name: "iot", vlan: 40, prefixLength: 25, dhcp: true, gatewayHost: "first" },
  { name: "mgmt", vlan: 99, prefixLength: 26, dhcp: false, gatewayHost: "first" },
] as const;
