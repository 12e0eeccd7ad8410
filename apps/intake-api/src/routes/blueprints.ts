import type { BlueprintCatalog } from "@mistflow/blueprints";
import { type BlueprintRegistry, isBlueprintVersionError } from "@mistflow/deployments";
import { Hono } from "hono";
import { registerCatalog } from "../blueprints";
import { ApiError } from "../errors";

export interface BlueprintRouteDeps {
  catalog: BlueprintCatalog;
  registry: BlueprintRegistry;
}

/** The registry, after this process's catalog is in it (Redis may have been away at start-up). */
async function registeredCatalog(deps: BlueprintRouteDeps) {
  try {
    await registerCatalog(deps.catalog, deps.registry);
  } catch (e) {
    if (isBlueprintVersionError(e)) throw new ApiError(409, "blueprint_version_conflict", e.message);
    throw e;
  }
  return deps.registry;
}

/** `GET /v1/blueprints`, `GET /v1/blueprints/:name`: versions, and which sites run each. */
export function blueprintRoutes(deps: BlueprintRouteDeps) {
  const app = new Hono();

  app.get("/", async (c) => c.json(await (await registeredCatalog(deps)).summaries()));

  app.get("/:name", async (c) => {
    const name = c.req.param("name");
    const detail = await (await registeredCatalog(deps)).detail(name);
    if (!detail) throw new ApiError(404, "not_found", `blueprint ${name} not found`);
    return c.json(detail);
  });

  return app;
}
