import type { DeviceType, SeedDevice, SeedToken } from "../seed/schema";

export type JsonObject = Record<string, unknown>;
export type SimToken = SeedToken;
export type PoolDevice = SeedDevice;

/** Fields the server owns on every org object; clients cannot set them. */
export const READ_ONLY_FIELDS = ["id", "org_id", "created_time", "modified_time"] as const;

/** An org-level object: stored as sent plus the server-owned fields (times in epoch seconds). */
export interface StoredObject extends JsonObject {
  id: string;
  org_id: string;
  created_time: number;
  modified_time: number;
}

export const COLLECTION_KINDS = [
  "services",
  "networks",
  "deviceprofiles",
  "gatewaytemplates",
  "networktemplates",
  "templates",
  "rftemplates",
  "wlans",
  "wxtags",
  "wxrules",
  "psks",
  "sitegroups",
  "vpns",
] as const;
export type CollectionKind = (typeof COLLECTION_KINDS)[number];

export function isCollectionKind(kind: string): kind is CollectionKind {
  return (COLLECTION_KINDS as readonly string[]).includes(kind);
}

export interface SiteSetting extends StoredObject {
  site_id: string;
  vars: Record<string, string>;
}

/** Org inventory entry (spec `inventory`). */
export interface InventoryItem {
  id: string;
  mac: string;
  serial: string;
  model: string;
  sku: string;
  type: DeviceType;
  /** Claim code without dashes, as Mist reports it. */
  magic: string;
  name: string | null;
  site_id: string | null;
  org_id: string;
  deviceprofile_id: string | null;
  connected: boolean;
  adopted: boolean;
  created_time: number;
  modified_time: number;
}

/** Device configuration object under a site (spec `config_devices` item), created on assign. */
export interface SiteDevice {
  id: string;
  name: string;
  mac: string;
  serial: string;
  model: string;
  type: DeviceType;
  site_id: string;
  org_id: string;
  deviceprofile_id: string | null;
  /** Running firmware; a later issue will let upgrades change it. */
  version: string;
  created_time: number;
  modified_time: number;
}
