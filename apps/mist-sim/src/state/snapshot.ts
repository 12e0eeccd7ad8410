import { z } from "zod";
import { MarvisAction } from "../marvis/marvis-action";
import { DeviceType, SeedDevice } from "../seed/schema";
import { COLLECTION_KINDS } from "./types";

const Stored = z.looseObject({
  id: z.string(),
  org_id: z.string(),
  created_time: z.number(),
  modified_time: z.number(),
});

const Setting = z.looseObject({
  id: z.string(),
  org_id: z.string(),
  site_id: z.string(),
  created_time: z.number(),
  modified_time: z.number(),
  vars: z.record(z.string(), z.string()),
});

const Inventory = z.object({
  id: z.string(),
  mac: z.string(),
  serial: z.string(),
  model: z.string(),
  sku: z.string(),
  type: DeviceType,
  magic: z.string(),
  name: z.string().nullable(),
  site_id: z.string().nullable(),
  org_id: z.string(),
  deviceprofile_id: z.string().nullable(),
  connected: z.boolean(),
  adopted: z.boolean(),
  created_time: z.number(),
  modified_time: z.number(),
});

const Device = z.object({
  id: z.string(),
  name: z.string(),
  mac: z.string(),
  serial: z.string(),
  model: z.string(),
  type: DeviceType,
  site_id: z.string(),
  org_id: z.string(),
  deviceprofile_id: z.string().nullable(),
  version: z.string(),
  created_time: z.number(),
  modified_time: z.number(),
});

/**
 * Everything that makes up the emulated Mist world. Tokens are configuration (and secrets), so they
 * are neither exported nor replaced; harness state (ledger, faults, rate-limit counters) is not part
 * of it either: restoring a world should not rewrite history.
 */
export const SimSnapshot = z.object({
  format: z.literal("mist-sim-snapshot"),
  version: z.literal(1),
  taken_at: z.number(),
  pool: z.array(SeedDevice),
  orgs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sites: z.array(Stored),
      settings: z.array(Setting),
      collections: z.partialRecord(z.enum(COLLECTION_KINDS), z.array(Stored)),
      inventory: z.array(Inventory),
      devices: z.array(Device),
      org_setting: Stored.optional(),
      marvis_configs: z.array(MarvisAction).optional(),
    }),
  ),
});
export type SimSnapshot = z.infer<typeof SimSnapshot>;
