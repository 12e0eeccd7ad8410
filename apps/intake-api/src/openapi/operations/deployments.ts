import { DeploymentRequest, DeploymentView } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec, ParamSpec } from "../operation";
import { DeploymentSummary } from "../schemas";
import { ERRORS } from "./errors";

export const SUBMIT_HEADERS: ParamSpec[] = [
  {
    name: "Idempotency-Key",
    in: "header",
    description: "1-200 URL-safe characters; without it the identity is org + site name + blueprint",
    schema: z.string().regex(/^[A-Za-z0-9._:@/+=-]{1,200}$/),
  },
  {
    name: "X-Mist-API-Key",
    in: "header",
    description: "the caller's own Mist token for this deployment (only with MIST_TOKEN_ENCRYPTION_KEY)",
    schema: z.string(),
  },
];

export const deploymentOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/deployments",
    operationId: "submitDeployment",
    summary: "Submit a deployment",
    description:
      "Validates, records and enqueues the deployment of one site. A repeat (same Idempotency-Key, or same org, site and blueprint) answers 200 with the same deployment and enqueues nothing.",
    tag: "deployments",
    access: "deployments:write",
    params: SUBMIT_HEADERS,
    body: { schema: DeploymentRequest },
    responses: {
      202: {
        description: "recorded and enqueued",
        schema: DeploymentSummary,
        headers: { Location: "the deployment's URL" },
      },
      200: { description: "the same request was submitted before", schema: DeploymentSummary },
      400: ERRORS[400],
      409: { ...ERRORS[409], description: "Idempotency-Key reused for a different request" },
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/deployments",
    operationId: "listDeployments",
    summary: "Recent deployments",
    tag: "deployments",
    access: "read",
    params: [
      {
        name: "limit",
        in: "query",
        description: "how many, newest first (1-500, default 50)",
        schema: z.coerce.number().int().min(1).max(500),
      },
    ],
    responses: {
      200: { description: "newest first", schema: z.array(DeploymentSummary) },
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/deployments/{id}",
    operationId: "getDeployment",
    summary: "A deployment's status, steps, Mist ids and errors",
    tag: "deployments",
    access: "read",
    params: [{ name: "id", in: "path", description: "dep-<24 hex>", schema: z.string(), required: true }],
    responses: {
      200: { description: "the record", schema: DeploymentView },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
];
