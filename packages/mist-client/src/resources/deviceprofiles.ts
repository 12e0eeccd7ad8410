import { z } from "zod";
import { mistPath } from "../core/mist-path";
import type { CallOptions, ResourceContext } from "./context";
import { normalizeMac } from "./mac";

/** Lists only the devices whose `deviceprofile_id` changed, so a re-run may return `[]`. */
export const DeviceProfileAssignResult = z.looseObject({ success: z.array(z.string()).default([]) });
export type DeviceProfileAssignResult = z.infer<typeof DeviceProfileAssignResult>;

export class DeviceProfilesApi {
  constructor(private readonly ctx: ResourceContext) {}

  /**
   * Binds a device profile (e.g. a hub profile) to devices by MAC. This endpoint, not
   * `PUT /sites/{id}/devices/{id}`, is the documented path for gateways (docs/design/mist-api.md §2.7).
   */
  assign(
    orgId: string,
    profileId: string,
    macs: readonly string[],
    options: CallOptions = {},
  ): Promise<DeviceProfileAssignResult> {
    return this.ctx.http.request("POST", mistPath`/orgs/${orgId}/deviceprofiles/${profileId}/assign`, {
      body: { macs: macs.map(normalizeMac) },
      schema: DeviceProfileAssignResult,
      signal: options.signal,
    });
  }
}
