import { z } from "zod";
import { formatCidr, parseCidr } from "../net";

/** Same pattern as `SiteSpec.region` in @mistflow/contracts, so every site's region names a zone. */
const ZONE_CODE = /^[A-Z]{2,6}(-[A-Z]{1,6})?$/;

/** Lowercase so the derived variable names (`data_subnet`) are predictable; 32 keeps them under Mist's 64. */
const ROLE_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** Host bits are rejected rather than masked: "10.0.0.1/8" usually means a typo, not 10.0.0.0/8. */
export const Ipv4Prefix = z.string().superRefine((text, ctx) => {
  const parsed = parseCidr(text, 4);
  if (!parsed) ctx.addIssue({ code: "custom", message: "must be an IPv4 CIDR such as 10.0.0.0/8" });
  else if (parsed.hostBitsSet) {
    ctx.addIssue({ code: "custom", message: `has host bits set; the network is ${formatCidr(parsed.cidr)}` });
  }
});

/** RFC 4193 locally assigned ULA space is fd00::/8 (fc00::/8 is reserved for a central registry). */
const UlaPrefix = z.string().superRefine((text, ctx) => {
  const parsed = parseCidr(text, 6);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: "must be an IPv6 CIDR such as fd12:3456::/32" });
    return;
  }
  const { cidr } = parsed;
  if (cidr.prefixLength < 8 || cidr.network >> 120n !== 0xfdn) {
    ctx.addIssue({ code: "custom", message: "must lie inside fd00::/8 (RFC 4193 unique local addresses)" });
  } else if (parsed.hostBitsSet) {
    ctx.addIssue({ code: "custom", message: `has host bits set; the network is ${formatCidr(cidr)}` });
  }
});

export const IpamZone = z.strictObject({
  code: z.string().regex(ZONE_CODE, "must be a zone code such as NA-EAST (2-6 capitals, optional -SUFFIX)"),
  name: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
});
export type IpamZone = z.infer<typeof IpamZone>;

export const IpamRole = z.strictObject({
  name: z.string().regex(ROLE_NAME, "must be a lowercase identifier (a-z, 0-9, _; at most 32 characters)"),
  vlan: z.number().int().min(1, "must be a VLAN id 1..4094").max(4094, "must be a VLAN id 1..4094"),
  /** /30 is the smallest that still has a gateway and one more host. */
  prefixLength: z.number().int().min(1).max(30, "must be /30 or shorter (a role needs a gateway and a host)"),
  dhcp: z.boolean().default(true),
  gatewayHost: z.enum(["first", "last"]).default("first"),
});
export type IpamRole = z.infer<typeof IpamRole>;

export const IpamIpv6 = z.strictObject({
  enabled: z.boolean().default(true),
  /** The organisation's ULA aggregate; each site gets the next `sitePrefixLength` block inside it. */
  ulaPrefix: UlaPrefix,
  sitePrefixLength: z.number().int().min(9).max(64).default(48),
});
export type IpamIpv6 = z.infer<typeof IpamIpv6>;
