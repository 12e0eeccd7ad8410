import type { DeviceType } from "../seed/schema";
import type { InventoryItem, PoolDevice, SiteDevice } from "./types";

/** Mist derives device ids from the MAC: `00000000-0000-0000-1000-<mac>` (docs/design/mist-api.md §1). */
function deviceId(mac: string): string {
  return `00000000-0000-0000-1000-${mac}`;
}

// Firmware a freshly assigned device reports; plausible current trains for the seeded models.
const VERSION_BY_MODEL: Record<string, string> = {
  AP45: "0.14.29313",
  "EX4100-48P": "23.4R2-S2",
  SRX320: "23.4R2-S1",
};
const VERSION_BY_TYPE: Record<DeviceType, string> = {
  ap: "0.14.29313",
  switch: "23.4R2-S2",
  gateway: "23.4R2-S1",
};

export function defaultVersion(device: Pick<PoolDevice, "model" | "type" | "version">): string {
  return device.version ?? VERSION_BY_MODEL[device.model] ?? VERSION_BY_TYPE[device.type];
}

export function newInventoryItem(device: PoolDevice, orgId: string, now: number): InventoryItem {
  return {
    id: deviceId(device.mac),
    mac: device.mac,
    serial: device.serial,
    model: device.model,
    sku: device.model,
    type: device.type,
    magic: device.claim_code.replace(/[\s-]/g, "").toUpperCase(),
    name: null,
    site_id: null,
    org_id: orgId,
    deviceprofile_id: null,
    connected: false,
    adopted: false,
    created_time: now,
    modified_time: now,
  };
}

/** Unnamed devices are named after their MAC, which is what the Mist UI shows for them. */
export function newSiteDevice(item: InventoryItem, siteId: string, version: string, now: number): SiteDevice {
  return {
    id: item.id,
    name: item.name ?? item.mac,
    mac: item.mac,
    serial: item.serial,
    model: item.model,
    type: item.type,
    site_id: siteId,
    org_id: item.org_id,
    deviceprofile_id: item.deviceprofile_id,
    version,
    created_time: now,
    modified_time: now,
  };
}
