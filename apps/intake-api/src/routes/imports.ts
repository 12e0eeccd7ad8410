import { ImportRequest } from "@mistflow/contracts";
import { IMPORT_ID } from "@mistflow/deployments";
import { Hono, type MiddlewareHandler } from "hono";
import { ApiError, fieldIssues, validationError } from "../errors";
import { type ImportDeps, runImport } from "../imports";
import { readJson } from "./read-json";

export interface ImportRouteDeps extends ImportDeps {
  /** An import reserves IP blocks: the admin scope, or the admin login without keys. */
  admin: MiddlewareHandler;
}

/** `POST /v1/imports`, `GET /v1/imports[/:id]`: brownfield imports of hand-built orgs. */
export function importRoutes(deps: ImportRouteDeps) {
  const app = new Hono();
  app.post("/", deps.admin, async (c) => {
    const parsed = ImportRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const view = await runImport(deps, parsed.data);
    if (view.dry_run) return c.json(view, 200);
    c.header("Location", `/v1/imports/${view.id}`);
    return c.json(view, 201);
  });
  app.get("/", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const views = await deps.imports.list(limit);
    return c.json(
      views.map((v) => ({
        id: v.id,
        org_id: v.org_id,
        created_at: v.created_at,
        blueprints: v.blueprints.map((b) => b.blueprint.name),
        sites: v.adoptions.length,
        warnings: v.warnings.length,
      })),
    );
  });
  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    const view = IMPORT_ID.test(id) ? await deps.imports.get(id) : undefined;
    if (!view) throw new ApiError(404, "not_found", `import ${id} not found`);
    return c.json(view);
  });
  return app;
}
