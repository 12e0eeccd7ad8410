import { Hono } from "hono";
import { invalidField, MistApiError } from "../../errors";
import { requireOrg } from "../../http/access";
import { readArray, readObject } from "../../http/body";
import { paginate } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { byCreation } from "../../state/collection";
import type { SimState } from "../../state/sim-state";
import { claimCodes, claimStatus } from "./claim";
import { filterInventory } from "./inventory-filter";
import { applyInventoryUpdate, InventoryUpdate } from "./inventory-update";

/** Org inventory (docs/design/mist-api.md §2.4): list, claim by code, assign/unassign/delete. */
export function inventoryRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/orgs/:org_id/inventory", (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    return paginate(c, filterInventory(c, [...org.inventory.values()].sort(byCreation)));
  });

  app.post("/orgs/:org_id/inventory", async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const codes = await readArray(c);
    if (!codes.every((code): code is string => typeof code === "string")) {
      throw invalidField("claim_codes", "must be a list of claim code strings");
    }
    const result = claimCodes(state, org, codes);
    return c.json(result, claimStatus(result));
  });

  app.put("/orgs/:org_id/inventory", async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const req = validate(InventoryUpdate, await readObject(c));
    if (req.op === "assign") {
      if (req.site_id === undefined) throw invalidField("site_id", "field is required for op assign");
      if (!org.sites.get(req.site_id)) throw invalidField("site_id", "site not found in org");
    }
    if (req.op !== "delete" && req.macs === undefined) throw invalidField("macs", "field is required");
    if (req.op === "delete" && req.macs === undefined && req.serials === undefined) {
      throw invalidField("serials", "macs or serials is required for op delete");
    }
    const change = applyInventoryUpdate(state, org, req);
    // TF parses this body on 400 too (docs/design/mist-api.md §2.4): nothing succeeded → 400 with the same shape.
    if (change.success.length === 0 && change.error.length > 0) throw new MistApiError(400, { ...change });
    return c.json(change);
  });

  return app;
}
