import { z } from "zod";

export const Name = z.string().trim().min(1);
export const NullableId = z.guid().nullable().optional();
export const Ids = z.array(z.guid());
/** `vlan_id_with_variable`: an integer 1..4094 or a string such as "{{VLAN_ID}}" (spec). */
export const VlanId = z.union([z.number().int().min(1).max(4094), z.string().min(1)]);
export const Ssid = z.string().min(1).max(32);

/** Mac addresses as clients send them; normalised to Mist's 12 lowercase hex digits. */
export const MacInput = z
  .string()
  .transform((v) => v.replace(/[:.-]/g, "").toLowerCase())
  .refine((v) => /^[0-9a-f]{12}$/.test(v), "must be a MAC address (12 hex digits)");
