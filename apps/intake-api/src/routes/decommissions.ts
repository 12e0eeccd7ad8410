import { DecommissionRequest, type DecommissionView } from "@mistflow/contracts";
import { DECOMMISSION_ID, isDecommissionNotFoundError } from "@mistflow/deployments";
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { type DecommissionDeps, resumeOrFinish, submitDecommission } from "../decommission";
import { ApiError, fieldIssues, validationError } from "../errors";
import { readJson } from "./read-json";
import { requestedBy } from "./requested-by";

export interface DecommissionRouteDeps extends DecommissionDeps {
  /** A decommission deletes what a site runs on: the admin scope, or the admin login without keys. */
  admin: MiddlewareHandler;
  adminName?: string;
}

const decommissionLocation = (id: string) => `/v1/decommissions/${id}`;

const summary = (v: DecommissionView) => ({
  id: v.id,
  status: v.status,
  site_id: v.site_id,
  site_name: v.site_name,
  org_id: v.org_id,
  deployment_id: v.deployment_id,
  ...(v.quarantine_until ? { quarantine_until: v.quarantine_until } : {}),
  created_at: v.created_at,
  updated_at: v.updated_at,
});

async function withDecommission<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (!DECOMMISSION_ID.test(id)) throw new ApiError(404, "not_found", `decommission ${id} not found`);
  try {
    return await fn();
  } catch (e) {
    if (isDecommissionNotFoundError(e)) throw new ApiError(404, "not_found", `decommission ${id} not found`);
    throw e;
  }
}

/** `POST /v1/sites/:site_id/decommission`: the plan (`dry_run`), or the teardown as a job chain. */
export function siteDecommissionRoutes(deps: DecommissionRouteDeps) {
  const app = new Hono();
  app.post("/:site_id/decommission", deps.admin, async (c) => {
    const siteId = c.req.param("site_id");
    const parsed = DecommissionRequest.safeParse((await readJson(c)) ?? {});
    const issues = parsed.success ? [] : fieldIssues(parsed.error);
    if (!z.uuid().safeParse(siteId).success)
      issues.unshift({ field: "site_id", message: "must be a Mist site id (UUID)" });
    if (!parsed.success || issues.length) throw validationError(issues);
    const outcome = await submitDecommission(deps, siteId, parsed.data, requestedBy(c, deps.adminName));
    if (outcome.kind === "plan") return c.json({ dry_run: true, plan: outcome.plan });
    c.header("Location", decommissionLocation(outcome.view.id));
    return c.json(outcome.view, outcome.created ? 202 : 200);
  });
  return app;
}

/** `GET /v1/decommissions[/:id]` and `POST /v1/decommissions/:id/resume`. */
export function decommissionRoutes(deps: DecommissionRouteDeps) {
  const app = new Hono();
  app.get("/", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const ids = await deps.decommissions.list(limit);
    const views = await Promise.all(ids.map((id) => deps.decommissions.get(id).catch(() => undefined)));
    return c.json(views.filter((v) => v !== undefined).map(summary));
  });
  app.get("/:id", (c) =>
    withDecommission(c.req.param("id"), async () => c.json(await deps.decommissions.get(c.req.param("id")))),
  );
  app.post("/:id/resume", deps.admin, (c) =>
    withDecommission(c.req.param("id"), async () => {
      const view = await deps.decommissions.get(c.req.param("id"));
      if (view.status !== "failed") {
        throw new ApiError(
          409,
          "conflict",
          `decommission ${view.id} is ${view.status}; only a failed one can be resumed`,
        );
      }
      c.header("Location", decommissionLocation(view.id));
      return c.json(await resumeOrFinish(deps, view), 202);
    }),
  );
  return app;
}
