import { Hono } from "hono";
import { receiveWebhook, type WebhookDeps } from "../webhooks";

/** `POST /v1/webhooks/:source`: ticketing systems starting deployments ([README](../../../../README.md#ticketing)). */
export function webhookRoutes(deps: WebhookDeps) {
  const app = new Hono();
  app.post("/:source", async (c) => {
    // Signatures cover the exact bytes sent: read them once, verify, and only then parse.
    const raw = Buffer.from(await c.req.arrayBuffer());
    const outcome = await receiveWebhook(deps, c.req.param("source"), {
      raw,
      header: (n) => c.req.header(n),
    });
    if (outcome.location) c.header("Location", outcome.location);
    return c.json(outcome.body, outcome.status);
  });
  return app;
}
