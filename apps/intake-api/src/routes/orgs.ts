import { isNoTokenError, probeOrg, type TokenPool } from "@mistflow/mist-client";
import { Hono } from "hono";
import { ApiError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/orgs/:org_id/probe`: is each Mist token of this org valid, allowed to write, and how
 * much of its hour is spent, and what does the org enforce that would trip a run (source
 * addresses, AP auto-upgrade, Marvis self-driving; docs/preflight.md)? Answers before a batch is
 * sent rather than after its first 401.
 */
export function orgRoutes(pool: TokenPool | undefined) {
  const app = new Hono();
  app.get("/:org_id/probe", async (c) => {
    const orgId = c.req.param("org_id");
    if (!UUID.test(orgId)) {
      throw new ApiError(400, "validation_failed", "org_id: must be a Mist org id (UUID)", [
        { field: "org_id", message: "must be a Mist org id (UUID)" },
      ]);
    }
    if (!pool) throw new ApiError(404, "not_found", "no Mist token is configured on this server");
    try {
      return c.json(await probeOrg(pool, orgId));
    } catch (e) {
      if (isNoTokenError(e)) throw new ApiError(404, "not_found", e.message);
      throw e;
    }
  });
  return app;
}
