import { LegacyDeployRequest } from "@mistflow/contracts";
import type { Logger } from "@mistflow/logger";
import { Hono } from "hono";
import { fieldIssues, validationError } from "../errors";
import { fromLegacy, type SubmitDeps, submitDeployment } from "../submit";
import { deploymentLocation, deploymentSummary } from "./deployment-summary";
import { logSubmission } from "./log-submission";
import { readJson } from "./read-json";

/** `POST /orchestrator/deploy-full-stack`: the older orchestrator's shape, same deployment underneath. */
export function legacyRoutes(deps: SubmitDeps & { log?: Logger }, legacyBlueprint: string) {
  const app = new Hono();
  app.post("/deploy-full-stack", async (c) => {
    const parsed = LegacyDeployRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const request = fromLegacy(parsed.data, { regions: deps.regions, blueprint: legacyBlueprint });
    const { created, view } = await submitDeployment(
      deps,
      request,
      c.req.header("idempotency-key"),
      c.req.header("x-mist-api-key"),
    );
    logSubmission(deps.log, "legacy", { created, view });
    c.header("Location", deploymentLocation(view.id));
    return c.json({ ...deploymentSummary(view), job_id: view.id }, created ? 202 : 200);
  });
  return app;
}
