import type { Context } from "hono";
import { invalidField } from "../../errors";
import { boolParam } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import type { InventoryItem } from "../../state/types";

/**
 * `GET /orgs/{org_id}/inventory` filters (spec `getOrgInventory`). `type` accepts a comma list
 * (spec 2602.1.4). `unassigned` defaults to true, meaning "also show unassigned devices";
 * `unassigned=false` lists only devices assigned to a site.
 */
export function filterInventory(c: Context<SimEnv>, items: InventoryItem[]): InventoryItem[] {
  const serial = c.req.query("serial");
  const model = c.req.query("model");
  const mac = c.req.query("mac")?.replace(/[:.-]/g, "").toLowerCase();
  const siteId = c.req.query("site_id");
  const types = c.req.query("type")?.split(",").filter(Boolean);
  const unassigned = boolParam(c, "unassigned") ?? true;
  const modifiedAfterRaw = c.req.query("modified_after");
  if (modifiedAfterRaw !== undefined && !/^\d+$/.test(modifiedAfterRaw)) {
    throw invalidField("modified_after", "must be an epoch timestamp in seconds");
  }
  const modifiedAfter = modifiedAfterRaw === undefined ? undefined : Number(modifiedAfterRaw);
  return items.filter(
    (i) =>
      (!serial || i.serial === serial) &&
      (!model || i.model === model) &&
      (!mac || i.mac === mac) &&
      (!siteId || i.site_id === siteId) &&
      (!types || types.length === 0 || types.includes("all") || types.includes(i.type)) &&
      (unassigned || i.site_id !== null) &&
      (modifiedAfter === undefined || i.modified_time > modifiedAfter),
  );
}
