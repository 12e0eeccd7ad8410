import type { Context } from "hono";
import { Hono } from "hono";
import { invalidField } from "../../errors";
import { catalogModels, versionsFor } from "../../firmware/firmware-catalog";
import { requireOrg, requireSite } from "../../http/access";
import type { SimEnv } from "../../http/types";
import { DEVICE_TYPES, type DeviceType } from "../../seed/schema";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";

/** Spec `device_version_item`. */
interface DeviceVersionItem {
  model: string;
  version: string;
  tag: string;
}

function deviceType(c: Context): DeviceType {
  const type = c.req.query("type") || "ap";
  if (!(DEVICE_TYPES as readonly string[]).includes(type))
    throw invalidField("type", "must be one of ap, switch, gateway");
  return type as DeviceType;
}

/**
 * Versions for every catalog model of the type plus models the org owns (unknown models get their
 * type's list); `model` narrows to one model, an unknown one gives `[]`.
 */
function listVersions(c: Context, org: OrgState): DeviceVersionItem[] {
  const type = deviceType(c);
  const owned = [...org.inventory.values()].filter((i) => i.type === type).map((i) => i.model);
  let models = [...new Set([...catalogModels(type), ...owned])];
  const model = c.req.query("model");
  if (model) models = models.filter((m) => m === model);
  return models.flatMap((m) =>
    versionsFor(m, type).map((v) => ({ model: m, version: v.version, tag: v.tag })),
  );
}

/** `GET /sites/{id}/devices/versions` and `GET /orgs/{id}/devices/versions` (docs/design/mist-api.md §2.16). */
export function versionRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/sites/:site_id/devices/versions", (c) => {
    const { org } = requireSite(c, state, c.req.param("site_id"));
    return c.json(listVersions(c, org));
  });

  app.get("/orgs/:org_id/devices/versions", (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    return c.json(listVersions(c, org));
  });

  return app;
}
