import { Hono } from "hono";
import { buildOpenApiDocument } from "./build-document";
import { renderDocsPage } from "./docs-page";
import type { OperationSpec } from "./operation";
import { OPERATIONS } from "./operations";

/**
 * `GET /openapi.json` and `GET /docs`, public: they describe the API, hold no secret, and are
 * built once from the zod schemas when the app is created.
 */
export function openapiRoutes(operations: readonly OperationSpec[] = OPERATIONS) {
  const doc = buildOpenApiDocument(operations, { version: "1.0.0" });
  const json = JSON.stringify(doc);
  const html = renderDocsPage(doc);
  const app = new Hono();
  app.get("/openapi.json", (c) => c.body(json, 200, { "content-type": "application/json" }));
  app.get("/docs", (c) => c.html(html));
  return app;
}
