import { z } from "zod";

/**
 * Spec `marvis_config_action` (2605.1.0): one change Marvis self-driving made to a device.
 * `op` examples in the spec: disable_port, enable_port, update_mtu, add_vlans_to_port.
 * `timestamp` is epoch seconds.
 */
export const MarvisAction = z.object({
  id: z.string(),
  org_id: z.string(),
  site_id: z.string(),
  mac: z.string(),
  port_id: z.string().optional(),
  op: z.string(),
  type: z.string(),
  src: z.string(),
  reason: z.string().optional(),
  vlan_ids: z.array(z.number()).optional(),
  admin_id: z.string().optional(),
  timestamp: z.number(),
});
export type MarvisAction = z.infer<typeof MarvisAction>;

/** What a test records through `/__sim/sites/{id}/marvis_configs`; the server fills the rest. */
export const MarvisActionInput = z.strictObject({
  mac: z.string().regex(/^[0-9a-f]{12}$/, "must be 12 lowercase hex digits"),
  port_id: z.string().min(1).optional(),
  op: z.string().min(1),
  type: z.string().min(1).default("wired"),
  src: z.string().min(1).default("marvis"),
  reason: z.string().min(1).optional(),
  vlan_ids: z.array(z.number().int().min(1).max(4094)).optional(),
  /** Epoch seconds; default now (sim clock). */
  timestamp: z.number().nonnegative().optional(),
});
export type MarvisActionInput = z.infer<typeof MarvisActionInput>;

/** The search filters of `GET /sites/{id}/marvis_configs/search` that compare one field exactly. */
const EXACT_FILTERS = ["mac", "type", "src", "admin_id", "op", "port_id", "reason"] as const;

export function matchesFilters(action: MarvisAction, query: Record<string, string | undefined>): boolean {
  for (const f of EXACT_FILTERS) {
    const want = query[f];
    if (want !== undefined && want !== "" && action[f] !== want) return false;
  }
  const vlan = query.vlan_ids;
  if (vlan !== undefined && vlan !== "" && !(action.vlan_ids ?? []).includes(Number(vlan))) return false;
  return true;
}
