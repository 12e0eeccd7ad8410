import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../errors";
import { requireOrg } from "../../http/access";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import { MacInput } from "../collections/common-schemas";

const MacAddresses = z.object({ macs: z.array(MacInput) });

function setProfile(org: OrgState, mac: string, profileId: string | null, now: number): void {
  const item = org.inventory.get(mac);
  if (!item) return;
  item.deviceprofile_id = profileId;
  item.modified_time = now;
  const device = org.devices.get(mac);
  if (device) {
    device.deviceprofile_id = profileId;
    device.modified_time = now;
  }
}

/**
 * `POST /orgs/{org_id}/deviceprofiles/{id}/assign|unassign {macs}` → `{success: [...]}` listing
 * "only devices that has deviceprofile_id changed" (spec). MACs outside the org inventory, or of a
 * device type the profile does not apply to, are silently left out (assumed).
 */
export function deviceprofileAssignRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.post("/orgs/:org_id/deviceprofiles/:id/:action{assign|unassign}", async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const profile = org.collection("deviceprofiles").get(c.req.param("id"));
    if (!profile) throw notFound();
    const { macs } = validate(MacAddresses, await readObject(c));
    const assign = c.req.param("action") === "assign";
    const now = state.nowSeconds();
    const success: string[] = [];
    for (const mac of new Set(macs)) {
      const item = org.inventory.get(mac);
      if (!item || item.type !== profile.type) continue;
      if (assign && item.deviceprofile_id !== profile.id) {
        setProfile(org, mac, profile.id, now);
        success.push(mac);
      } else if (!assign && item.deviceprofile_id === profile.id) {
        setProfile(org, mac, null, now);
        success.push(mac);
      }
    }
    return c.json({ success });
  });

  return app;
}
