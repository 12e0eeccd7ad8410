import type { BlueprintCatalog } from "@mistflow/blueprints";
import { RolloutRequest } from "@mistflow/contracts";
import { type BlueprintRegistry, isBlueprintVersionError } from "@mistflow/deployments";
import type { TokenPool } from "@mistflow/mist-client";
import { mistReader, planRollout } from "@mistflow/plan";
import { Hono } from "hono";
import { registerCatalog } from "../blueprints";
import { ApiError, fieldIssues, mistReadError, validationError } from "../errors";
import { type LintDeps, lintBlueprint, withLintWarnings } from "../lint";
import { type RolloutDeps, startRollout } from "../rollouts";
import { readJson } from "./read-json";
import { requestedBy } from "./requested-by";

export interface BlueprintRouteDeps extends LintDeps {
  catalog: BlueprintCatalog;
  registry: BlueprintRegistry;
  mist?: TokenPool | undefined;
  /** Without it (no Redis queues on this server) rollouts can only be planned. */
  rollouts?: RolloutDeps | undefined;
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

/**
 * `GET /v1/blueprints`, `GET /v1/blueprints/:name`: versions, and which sites run each.
 * `POST /v1/blueprints/:name/rollouts`: the plan of moving an org's bound sites to a version.
 */
export function blueprintRoutes(deps: BlueprintRouteDeps) {
  const app = new Hono();

  app.get("/", async (c) => c.json(await (await registeredCatalog(deps)).summaries()));

  app.get("/:name", async (c) => {
    const name = c.req.param("name");
    const detail = await (await registeredCatalog(deps)).detail(name);
    if (!detail) throw new ApiError(404, "not_found", `blueprint ${name} not found`);
    return c.json(detail);
  });

  app.post("/:name/rollouts", async (c) => {
    const name = c.req.param("name");
    const parsed = RolloutRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const request = parsed.data;
    const registry = await registeredCatalog(deps);
    // The version the sites move to must pass the lint before anything reads Mist or starts.
    const target = await registry.resolve(name, request.target_version);
    const lintWarnings = target ? lintBlueprint(deps, target) : [];
    const { mist } = deps;
    if (!mist)
      throw new ApiError(503, "unavailable", "a rollout needs a Mist token configured on this server");
    if (mist.entriesFor(request.org_id).length === 0)
      throw validationError(
        [{ field: "org_id", message: `no Mist token is configured for org ${request.org_id}` }],
        422,
      );
    let plan: Awaited<ReturnType<typeof planRollout>>;
    try {
      plan = await planRollout(
        registry,
        mistReader((orgId) => mist.clientFor(orgId)),
        name,
        request,
      );
    } catch (e) {
      throw mistReadError(c, e);
    }
    if (request.dry_run) return c.json(withLintWarnings({ dry_run: true, plan }, lintWarnings));
    if (!deps.rollouts) throw new ApiError(503, "unavailable", "this server cannot run rollouts (no queues)");
    const view = await startRollout(deps.rollouts, request, plan, requestedBy(c, undefined));
    c.header("Location", `/v1/rollouts/${view.id}`);
    return c.json(withLintWarnings(view, lintWarnings), 202);
  });

  return app;
}
