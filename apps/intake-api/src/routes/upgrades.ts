import { UpgradeRequest } from "@mistflow/contracts";
import { isUpgradeNotFoundError, UPGRADE_ID, type UpgradeView } from "@mistflow/upgrades";
import { Hono } from "hono";
import { ApiError, fieldIssues, validationError } from "../errors";
import { abortUpgrade, resumeUpgrade, submitUpgrade, type UpgradeDeps } from "../upgrades";
import { readJson } from "./read-json";

const location = (id: string) => `/v1/upgrades/${id}`;

/** Runs `fn` for an existing upgrade id, turning unknown or malformed ids into 404. */
async function withUpgrade<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (!UPGRADE_ID.test(id)) throw new ApiError(404, "not_found", `upgrade ${id} not found`);
  try {
    return await fn();
  } catch (e) {
    if (isUpgradeNotFoundError(e)) throw new ApiError(404, "not_found", `upgrade ${id} not found`);
    throw e;
  }
}

const summary = (v: UpgradeView) => ({
  id: v.id,
  org_id: v.org_id,
  status: v.status,
  current_wave: v.current_wave,
  waves: v.waves.length,
  halt: v.halt,
  created_at: v.created_at,
  updated_at: v.updated_at,
});

/** Canary firmware rollouts across sites: `POST /v1/upgrades`, read, abort, resume. */
export function upgradeRoutes(deps: UpgradeDeps) {
  const app = new Hono();

  app.post("/", async (c) => {
    const parsed = UpgradeRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const view = await submitUpgrade(deps, parsed.data);
    c.header("Location", location(view.id));
    return c.json(view, 202);
  });

  app.get("/", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const ids = await deps.store.list(limit);
    const views = await Promise.all(ids.map((id) => deps.store.get(id).catch(() => undefined)));
    return c.json(views.filter((v) => v !== undefined).map(summary));
  });

  app.get("/:id", (c) =>
    withUpgrade(c.req.param("id"), async () => c.json(await deps.store.get(c.req.param("id")))),
  );

  app.post("/:id/abort", (c) =>
    withUpgrade(c.req.param("id"), async () => c.json(await abortUpgrade(deps, c.req.param("id")), 202)),
  );

  app.post("/:id/resume", (c) =>
    withUpgrade(c.req.param("id"), async () => {
      const view = await resumeUpgrade(deps, c.req.param("id"));
      c.header("Location", location(view.id));
      return c.json(view, 202);
    }),
  );

  return app;
}
