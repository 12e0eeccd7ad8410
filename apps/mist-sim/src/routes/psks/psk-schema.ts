import { z } from "zod";
import { Name, Ssid, VlanId } from "../collections/common-schemas";

/** Spec `psk.passphrase`: 8–63 printable ASCII characters, or exactly 64 hex digits (a raw PMK). */
const Passphrase = z
  .string()
  .refine(
    (p) => /^[0-9a-fA-F]{64}$/.test(p) || /^[\x20-\x7e]{8,63}$/.test(p),
    "must be 8-63 printable ASCII characters or 64 hex digits",
  );

export const PskCreate = z.looseObject({
  name: Name,
  passphrase: Passphrase,
  ssid: Ssid,
  usage: z.enum(["multi", "single", "macs"]).optional(),
  role: z.string().max(32).optional(),
  vlan_id: VlanId.optional(),
  expire_time: z.number().int().nullable().optional(),
  max_usage: z.number().int().min(0).optional(),
});

/**
 * updateOrgPsk's request body is the full spec `psk`, which requires name, passphrase and ssid,
 * so the simulator refuses an update without them (chosen behaviour, docs/mist-api-changes.md).
 * The contract test sends all three with its PSK update, as mistflow does.
 * Sending the passphrase the PSK already has is no rotation: `old_passphrase` is left alone.
 * @alias the same schema under the operation's own name (knip would call it a duplicate export)
 */
export const PskUpdate = PskCreate;

/** Server-owned PSK fields: `old_passphrase` is only ever set by rotating `passphrase`. */
export const PSK_READ_ONLY = ["site_id", "old_passphrase", "admin_sso_id"] as const;
