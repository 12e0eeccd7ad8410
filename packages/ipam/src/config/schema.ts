import { z } from "zod";
import { DEFAULT_ROLES, DEFAULT_ZONES } from "./defaults";
import { IpamIpv6, IpamRole, IpamZone, Ipv4Prefix } from "./fields";
import { checkLayoutRules } from "./layout-rules";

export const IpamConfigShape = z.strictObject({
  supernet: Ipv4Prefix.default("10.0.0.0/8"),
  /** Zones are the consecutive /zonePrefixLength blocks of the supernet, in `zones` order. */
  zonePrefixLength: z.number().int().min(1).max(30).default(11),
  zones: z
    .array(IpamZone)
    .min(1, "needs at least one zone")
    .default(() => DEFAULT_ZONES.map((z) => ({ ...z }))),
  /** Each site gets one block of this length inside its zone. */
  sitePrefixLength: z.number().int().min(1).max(30).default(22),
  /** Packed into every site block largest first; the order here fixes VLAN /64 numbering for IPv6. */
  roles: z
    .array(IpamRole)
    .min(1, "needs at least one role")
    .default(() => DEFAULT_ROLES.map((r) => ({ ...r }))),
  ipv6: IpamIpv6.optional(),
});

/**
 * The IPAM layout. Field shapes are checked first; `checkLayoutRules` then enforces everything that
 * makes plans collision-free (zones fit the supernet, sites fit zones, roles fit sites).
 */
export const IpamConfig = IpamConfigShape.superRefine(checkLayoutRules);
export type IpamConfig = z.infer<typeof IpamConfig>;
export type IpamConfigInput = z.input<typeof IpamConfig>;
