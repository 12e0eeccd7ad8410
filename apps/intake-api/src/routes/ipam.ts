import {
  type IpamAllocator,
  type IpamConfig,
  isIpamExhaustedError,
  isLegacyZoneError,
  isUnknownZoneError,
  isZoneMismatchError,
  legacyPlanSite,
  planSite,
  previewAllocations,
  siteBlock,
  siteVars,
} from "@mistflow/ipam";
import { Hono, type MiddlewareHandler } from "hono";
import { ApiError, validationError } from "../errors";

/**
 * The `:site` segment, decoded once. Hono has already decoded `c.req.param` (and hands back the raw
 * text when that fails), so decoding it again broke names with a literal `%` and turned a malformed
 * escape into a URIError (500). Reading the raw segment lets a malformed one be a 400 naming it.
 */
function sitePathParam(url: string): string {
  const raw = new URL(url).pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    throw validationError([{ field: "site", message: "is not valid percent-encoding" }]);
  }
}

export interface IpamDeps {
  allocator: IpamAllocator;
  config: IpamConfig;
  /** Guards releases: giving a block back is an admin action. */
  admin: MiddlewareHandler;
}

const required = (value: string | undefined, field: string): string => {
  if (!value)
    throw new ApiError(400, "validation_failed", `${field}: is required`, [
      { field, message: "is required" },
    ]);
  return value;
};

const mapIpamError = (e: unknown): never => {
  if (isUnknownZoneError(e))
    throw new ApiError(422, "validation_failed", `region: ${e.message}`, [
      { field: "region", message: e.message },
    ]);
  if (isIpamExhaustedError(e)) throw new ApiError(409, "ipam_exhausted", e.message);
  throw e;
};

/** The IP plan as an API: zone capacity, previews, allocations, and releasing a decommissioned site's block. */
export function ipamRoutes(deps: IpamDeps) {
  const app = new Hono();

  app.get("/zones", async (c) => c.json(await deps.allocator.zones()));

  /** What a site gets (or already has), without allocating anything. */
  app.get("/plan", async (c) => {
    if (c.req.query("scheme") === "legacy") {
      // The older 10.{zone}.{site} formula, for sites numbered by the previous orchestrator.
      const zone = Number(required(c.req.query("zone"), "zone"));
      const site = Number(required(c.req.query("site"), "site"));
      try {
        const plan = legacyPlanSite(zone, site);
        return c.json({ scheme: "legacy", zone, site, block: plan.block, vars: siteVars(plan), plan });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const field = isLegacyZoneError(e) ? "zone" : "site";
        throw new ApiError(422, "validation_failed", `${field}: ${message}`, [{ field, message }]);
      }
    }
    const region = required(c.req.query("region"), "region");
    const site = required(c.req.query("site"), "site");
    try {
      const [result] = await previewAllocations(deps.allocator, deps.config, [{ region, site }]);
      if (!result) throw new Error("no IPAM preview");
      if (!result.ok) throw result.error;
      const { index, allocated } = result.preview;
      const plan = planSite(deps.config, region, index);
      return c.json({ site, region, allocated, index, block: plan.block, vars: siteVars(plan), plan });
    } catch (e) {
      if (isZoneMismatchError(e)) {
        const block = siteBlock(deps.config, e.heldZone, e.index);
        throw new ApiError(409, "zone_mismatch", `site ${site} already holds ${block} in zone ${e.heldZone}`);
      }
      return mapIpamError(e);
    }
  });

  app.get("/allocations", async (c) => {
    const region = required(c.req.query("region"), "region");
    try {
      return c.json(await deps.allocator.list(region));
    } catch (e) {
      return mapIpamError(e);
    }
  });

  app.delete("/allocations/:site", deps.admin, async (c) => {
    const site = sitePathParam(c.req.url);
    if (!(await deps.allocator.release(site)))
      throw new ApiError(404, "not_found", `site ${site} holds no allocation`);
    return c.json({ site, released: true });
  });

  return app;
}
