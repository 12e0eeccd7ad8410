import { z } from "zod";
import { DeviceType } from "../../seed/schema";
import type { CollectionSpec } from "../collections/collection-spec";
import { Name } from "../collections/common-schemas";

const DeviceprofileCreate = z.looseObject({ name: Name, type: DeviceType });

/**
 * Device profiles (hub profiles are `type: gateway`, docs/design/mist-api.md §2.7). The list's `type` filter defaults
 * to `ap` as the spec documents, so `?type=gateway` is needed to see hub profiles.
 */
export const DEVICEPROFILE_SPEC: CollectionSpec = {
  kind: "deviceprofiles",
  create: DeviceprofileCreate,
  update: DeviceprofileCreate.partial(),
  filter: (c, items) => {
    const type = c.req.query("type") || "ap";
    return items.filter((p) => p.type === type);
  },
  // Devices keep no dangling profile reference once the profile is gone.
  onDelete: (org, profile, now) => {
    for (const item of org.inventory.values()) {
      if (item.deviceprofile_id !== profile.id) continue;
      item.deviceprofile_id = null;
      item.modified_time = now;
      const device = org.devices.get(item.mac);
      if (device) device.deviceprofile_id = null;
    }
  },
};
