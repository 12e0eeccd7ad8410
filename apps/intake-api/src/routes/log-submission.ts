import type { DeploymentView } from "@mistflow/contracts";
import type { Logger } from "@mistflow/logger";

/**
 * The intake's line about a deployment, with the same `deployment` field the workers log, so one
 * filter follows it from the request to its last step. Names and ids only: no token, no body.
 */
export function logSubmission(
  log: Logger | undefined,
  via: "api" | "legacy",
  result: { created: boolean; view: DeploymentView },
): void {
  log?.info(
    {
      deployment: result.view.id,
      via,
      created: result.created,
      org: result.view.org_id,
      site: result.view.request.site.name,
      blueprint: result.view.blueprint.name,
    },
    result.created ? "deployment accepted" : "deployment already submitted",
  );
}
