import {
  BATCH_MAX_SITES,
  type BatchRowError,
  type ValidatedRow,
  validateSiteRows,
} from "@mistflow/contracts";
import { parseSitesCsv } from "@mistflow/contracts/sheets";
import { BATCH_ID } from "@mistflow/deployments";
import { Hono } from "hono";
import { type BatchDeps, batchView, submitBatch, validateJsonItems } from "../batch";
import { ApiError, validationError } from "../errors";
import { withLintWarnings } from "../lint";
import { readJson } from "./read-json";

const tooMany = (n: number) =>
  validationError([{ field: "body", message: `${n} sites: at most ${BATCH_MAX_SITES} per batch` }], 422);

/** `POST /v1/deployments/batch` (JSON array or CSV) and `GET /v1/batches/:id`; mount at `/v1`. */
export function batchRoutes(deps: BatchDeps) {
  const app = new Hono();

  app.post("/deployments/batch", async (c) => {
    let valid: ValidatedRow[];
    let issues: BatchRowError[];
    if (/^text\/csv\b/i.test(c.req.header("content-type") ?? "")) {
      const parsed = parseSitesCsv(await c.req.text());
      if (parsed.rows.length > BATCH_MAX_SITES) throw tooMany(parsed.rows.length);
      // A sheet usually leaves out what every row shares.
      const checked = validateSiteRows(parsed.rows, {
        org_id: c.req.query("org_id"),
        blueprint: c.req.query("blueprint"),
      });
      valid = checked.valid;
      issues = [...parsed.issues, ...checked.issues];
    } else {
      if (!/^application\/(.+\+)?json\b/i.test(c.req.header("content-type") ?? ""))
        throw new ApiError(
          415,
          "unsupported_media_type",
          "Content-Type must be application/json or text/csv",
        );
      const body = await readJson(c);
      if (!Array.isArray(body))
        throw validationError([{ field: "body", message: "must be a JSON array of deployment requests" }]);
      if (body.length > BATCH_MAX_SITES) throw tooMany(body.length);
      ({ valid, issues } = validateJsonItems(body));
    }
    if (valid.length + issues.length === 0)
      throw validationError([{ field: "body", message: "has no sites" }], 422);

    const outcome = await submitBatch(deps, valid, issues);
    if (!outcome.ok) {
      const rows = new Set(outcome.issues.map((i) => i.row)).size;
      return c.json(
        {
          error: "validation_failed",
          message: `${rows} row(s) invalid; nothing was submitted`,
          rows: outcome.issues,
          ...(outcome.lintWarnings.length > 0 ? { lint_warnings: outcome.lintWarnings } : {}),
        },
        422,
      );
    }
    c.header("Location", outcome.body.location);
    return c.json(withLintWarnings(outcome.body, outcome.lintWarnings), outcome.created ? 202 : 200);
  });

  app.get("/batches/:id", async (c) => {
    const id = c.req.param("id");
    const batch = BATCH_ID.test(id) ? await deps.batches.get(id) : undefined;
    if (!batch) throw new ApiError(404, "not_found", `batch ${id} not found`);
    return c.json(await batchView(deps.store, batch));
  });

  return app;
}
