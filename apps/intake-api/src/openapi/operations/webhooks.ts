import { z } from "zod";
import type { OperationSpec } from "../operation";
import { WebhookAnswer } from "../schemas";
import { ERRORS } from "./errors";

/** The vendor's own event (Jira issue event, ServiceNow record, Standard Webhooks event). */
export const WebhookPayload = z.looseObject({});

export const webhookOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/webhooks/{source}",
    operationId: "receiveWebhook",
    summary: "A ticketing event (Jira, ServiceNow, Standard Webhooks) that may start a deployment",
    description:
      "Authenticated by the source's own signature or shared secret (see WEBHOOKS_CONFIG_FILE), not by API keys. The ticket is the deployment's identity.",
    tag: "webhooks",
    access: "webhook",
    params: [
      {
        name: "source",
        in: "path",
        required: true,
        description: "a source of WEBHOOKS_CONFIG_FILE",
        schema: z.string(),
      },
    ],
    body: { schema: WebhookPayload },
    responses: {
      202: {
        description: "accepted (a deployment was created) or ignored (not the trigger)",
        schema: WebhookAnswer,
      },
      200: { description: "duplicate delivery or ticket", schema: WebhookAnswer },
      400: ERRORS[400],
      401: ERRORS[401],
      404: { ...ERRORS[404], description: "no enabled source of that name" },
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
];
