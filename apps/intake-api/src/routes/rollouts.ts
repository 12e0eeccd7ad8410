import { isRolloutNotFoundError } from "@mistflow/upgrades";
import { Hono } from "hono";
import { ApiError } from "../errors";
import { abortRollout, type RolloutDeps, resumeRollout, rollbackRollout } from "../rollouts";

const ROLLOUT_ID = /^rol-[0-9a-f]{24}$/;

/** Runs `fn` for an existing rollout id, turning unknown or malformed ids into 404. */
async function withRollout<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (!ROLLOUT_ID.test(id)) throw new ApiError(404, "not_found", `rollout ${id} not found`);
  try {
    return await fn();
  } catch (e) {
    if (isRolloutNotFoundError(e)) throw new ApiError(404, "not_found", `rollout ${id} not found`);
    throw e;
  }
}

/** Blueprint rollouts once started: read them, abort, resume, roll back. */
export function rolloutRoutes(deps: RolloutDeps) {
  const app = new Hono();

  app.get("/", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    return c.json(await deps.store.summaries(limit));
  });

  app.get("/:id", (c) =>
    withRollout(c.req.param("id"), async () => c.json(await deps.store.get(c.req.param("id")))),
  );

  for (const [action, run] of [
    ["abort", abortRollout],
    ["resume", resumeRollout],
    ["rollback", rollbackRollout],
  ] as const) {
    app.post(`/:id/${action}`, (c) =>
      withRollout(c.req.param("id"), async () => {
        const view = await run(deps, c.req.param("id"));
        c.header("Location", `/v1/rollouts/${view.id}`);
        return c.json(view, 202);
      }),
    );
  }

  return app;
}
