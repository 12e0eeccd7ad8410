import { DeploymentRequest } from "@mistflow/contracts";
import type { Logger } from "@mistflow/logger";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError, fieldIssues, validationError } from "../../errors";
import { deploymentLocation, deploymentSummary } from "../../routes/deployment-summary";
import { type SubmitDeps, submitDeployment } from "../../submit";
import type { DeliveryDedup } from "../delivery-dedup";
import type { WebhookSources } from "../load-webhook-sources";
import { describeSource, mapTicket, sourceOfField } from "../mapping";
import type { IncomingWebhook, WebhookSource } from "../sources";

export interface WebhookDeps extends SubmitDeps {
  sources: WebhookSources;
  dedup: DeliveryDedup;
  log: Logger;
}

export interface WebhookOutcome {
  status: ContentfulStatusCode;
  body: Record<string, unknown>;
  location?: string;
}

const parseBody = (raw: Buffer): unknown => {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    const message = `malformed JSON: ${(e as Error).message}`;
    throw new ApiError(400, "malformed_json", `body: ${message}`, [{ field: "body", message }]);
  }
};

/** Interprets an authenticated, first-seen delivery: ignore it, refuse it, or submit its deployment. */
async function handle(deps: WebhookDeps, source: WebhookSource, raw: Buffer): Promise<WebhookOutcome> {
  const interpretation = source.interpret(parseBody(raw));
  if (interpretation.kind === "ignored") {
    return { status: 202, body: { status: "ignored", source: source.name, reason: interpretation.reason } };
  }
  const { ticket, subject } = interpretation;
  const mapped = mapTicket(source.mapping, subject);
  if (!mapped.ok) throw validationError(mapped.issues, 422);
  const parsed = DeploymentRequest.safeParse({ ...mapped.input, ticket });
  if (!parsed.success) {
    throw validationError(
      fieldIssues(parsed.error).map((i) => ({
        field: i.field,
        message: `${i.message} (from ${describeSource(sourceOfField(source.mapping, i.field))})`,
      })),
      422,
    );
  }
  // The ticket is the identity: a re-sent or re-approved ticket maps to the same deployment.
  const key = `${source.name}:${ticket.key}`;
  try {
    const { created, view } = await submitDeployment(deps, parsed.data, key);
    return {
      status: created ? 202 : 200,
      location: deploymentLocation(view.id),
      body: {
        status: created ? "accepted" : "duplicate",
        source: source.name,
        ticket: ticket.key,
        deployment: deploymentSummary(view),
      },
    };
  } catch (e) {
    // 409 would make Jira retry for half an hour; the ticket's content is what cannot be processed.
    if (e instanceof ApiError && e.code === "idempotency_conflict") {
      throw new ApiError(
        422,
        "ticket_conflict",
        `ticket ${ticket.key} already started a deployment with different fields; a ticket deploys once`,
      );
    }
    throw e;
  }
}

/**
 * `POST /v1/webhooks/:source`: authenticate on the raw bytes, drop deliveries already handled,
 * then handle. A delivery that ends in an error is released, so the sender's retry is
 * processed again rather than answered "duplicate".
 */
export async function receiveWebhook(
  deps: WebhookDeps,
  sourceName: string,
  request: IncomingWebhook,
): Promise<WebhookOutcome> {
  const source = deps.sources.get(sourceName);
  if (!source) throw new ApiError(404, "not_found", `no webhook source named "${sourceName}" is configured`);
  const log = deps.log.child({ webhook: source.name });
  const auth = source.authenticate(request);
  if (!auth.ok) {
    log.warn({ reason: auth.reason }, "webhook refused");
    throw new ApiError(401, "unauthorized", auth.reason);
  }
  const delivery = auth.deliveryId;
  if (delivery !== undefined && !(await deps.dedup.claim(source.name, delivery))) {
    log.info({ delivery }, "webhook delivery already processed");
    return {
      status: 200,
      body: {
        status: "duplicate",
        source: source.name,
        delivery,
        message: "this delivery was already processed",
      },
    };
  }
  try {
    const outcome = await handle(deps, source, request.raw);
    log.info(
      {
        delivery,
        outcome: outcome.body.status,
        ticket: outcome.body.ticket,
        deployment: (outcome.body.deployment as { id?: string } | undefined)?.id,
        reason: outcome.body.reason,
      },
      "webhook handled",
    );
    return outcome;
  } catch (e) {
    if (delivery !== undefined) await deps.dedup.release(source.name, delivery).catch(() => {});
    if (e instanceof ApiError)
      log.info({ delivery, status: e.status, err: e.message }, "webhook not processed");
    throw e;
  }
}
