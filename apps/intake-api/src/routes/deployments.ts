import { DeploymentRequest } from "@mistflow/contracts";
import { isDeploymentNotFoundError } from "@mistflow/deployments";
import type { Logger } from "@mistflow/logger";
import { Hono } from "hono";
import { ApiError, fieldIssues, validationError } from "../errors";
import { withLintWarnings } from "../lint";
import { type SubmitDeps, submitDeployment } from "../submit";
import { deploymentLocation, deploymentSummary } from "./deployment-summary";
import { logSubmission } from "./log-submission";
import { readJson } from "./read-json";

const DEPLOYMENT_ID = /^dep-[0-9a-f]{24}$/;

export function deploymentRoutes(deps: SubmitDeps & { log?: Logger }) {
  const app = new Hono();

  app.post("/", async (c) => {
    const parsed = DeploymentRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    // Write-back goes where `ticket` says, with the server's credentials: only a verified webhook sets it.
    if (parsed.data.ticket) {
      throw validationError([{ field: "ticket", message: "is set by the /v1/webhooks/* endpoints only" }]);
    }
    const { created, view, lintWarnings } = await submitDeployment(
      deps,
      parsed.data,
      c.req.header("idempotency-key"),
      c.req.header("x-mist-api-key"),
    );
    logSubmission(deps.log, "api", { created, view });
    c.header("Location", deploymentLocation(view.id));
    return c.json(withLintWarnings(deploymentSummary(view), lintWarnings), created ? 202 : 200);
  });

  app.get("/", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const ids = await deps.store.list(limit);
    const views = await Promise.all(ids.map((id) => deps.store.get(id).catch(() => undefined)));
    return c.json(views.filter((v) => v !== undefined).map(deploymentSummary));
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    if (!DEPLOYMENT_ID.test(id)) throw new ApiError(404, "not_found", `deployment ${id} not found`);
    try {
      return c.json(await deps.store.get(id));
    } catch (e) {
      if (isDeploymentNotFoundError(e)) throw new ApiError(404, "not_found", `deployment ${id} not found`);
      throw e;
    }
  });

  return app;
}
