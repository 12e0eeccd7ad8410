import { z } from "zod";
import type { OperationSpec } from "../operation";
import { CancelAnswer, DeploymentSummary } from "../schemas";
import { ERRORS } from "./errors";

const id = {
  name: "id",
  in: "path",
  required: true,
  description: "dep-<24 hex>",
  schema: z.string(),
} as const;

export const deploymentActionOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/deployments/{id}/events",
    operationId: "deploymentEvents",
    summary: "Step transitions as Server-Sent Events, ending with `end`",
    description:
      "Resumes after the `Last-Event-ID` header's cursor; heartbeats keep proxies from closing the stream.",
    tag: "deployments",
    access: "read",
    params: [
      id,
      { name: "Last-Event-ID", in: "header", description: "resume after this event", schema: z.string() },
    ],
    responses: {
      200: { description: "an event stream", contentType: "text/event-stream" },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/deployments/{id}/retry",
    operationId: "retryDeployment",
    summary: "Run a failed or cancelled deployment's unfinished steps again",
    tag: "deployments",
    access: "deployments:write",
    params: [id],
    responses: {
      202: { description: "re-enqueued", schema: DeploymentSummary },
      404: ERRORS[404],
      409: { ...ERRORS[409], description: "the deployment is not in a state that can be retried" },
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/deployments/{id}/cancel",
    operationId: "cancelDeployment",
    summary: "Cancel a deployment: its queued steps are removed, running ones finish",
    tag: "deployments",
    access: "deployments:write",
    params: [id],
    responses: {
      200: { description: "cancelled", schema: CancelAnswer },
      404: ERRORS[404],
      409: { ...ERRORS[409], description: "the deployment has already ended" },
      503: ERRORS[503],
    },
  },
];
