import { Hono } from "hono";
import { ApiError } from "../errors";
import { cancelDeployment, type LifecycleDeps, retryDeployment } from "../lifecycle";
import { deploymentSummary } from "./deployment-summary";

const DEPLOYMENT_ID = /^dep-[0-9a-f]{24}$/;

/** `POST /:id/retry` and `POST /:id/cancel`. */
export function deploymentActionRoutes(deps: LifecycleDeps) {
  const app = new Hono();
  const idOf = (raw: string) => {
    if (!DEPLOYMENT_ID.test(raw)) throw new ApiError(404, "not_found", `deployment ${raw} not found`);
    return raw;
  };

  app.post("/:id/retry", async (c) => {
    const view = await retryDeployment(deps, idOf(c.req.param("id")));
    return c.json(deploymentSummary(view), 202);
  });

  app.post("/:id/cancel", async (c) => {
    const { view, removed_jobs } = await cancelDeployment(deps, idOf(c.req.param("id")));
    return c.json({ ...deploymentSummary(view), removed_jobs }, 200);
  });

  return app;
}
