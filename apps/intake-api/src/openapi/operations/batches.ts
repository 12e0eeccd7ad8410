import { BatchAccepted, BatchRejected, BatchView, DeploymentRequest } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ERRORS } from "./errors";

/** The JSON form of a batch; a `text/csv` sheet with one site per row is accepted too. */
export const BatchRequest = z.array(DeploymentRequest).min(1).max(1000);

export const batchOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/deployments/batch",
    operationId: "submitBatch",
    summary: "Submit up to 1000 deployments at once (JSON array or CSV)",
    description:
      "All or nothing: any bad row answers 422 with every problem of every row, and nothing is enqueued. With text/csv, org_id and blueprint may be given as query parameters for every row.",
    tag: "deployments",
    access: "deployments:write",
    params: [
      {
        name: "org_id",
        in: "query",
        description: "CSV: the org of rows that leave it out",
        schema: z.string(),
      },
      {
        name: "blueprint",
        in: "query",
        description: "CSV: the blueprint of rows that leave it out",
        schema: z.string(),
      },
    ],
    body: { schema: BatchRequest },
    responses: {
      202: {
        description: "recorded and enqueued",
        schema: BatchAccepted,
        headers: { Location: "the batch's URL" },
      },
      200: { description: "the same batch was submitted before", schema: BatchAccepted },
      400: ERRORS[400],
      413: ERRORS[413],
      415: ERRORS[415],
      422: { description: "a row is invalid (all of them listed) or too many rows", schema: BatchRejected },
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/batches/{id}",
    operationId: "getBatch",
    summary: "A batch: every deployment's status and steps, totals by status",
    tag: "deployments",
    access: "read",
    params: [{ name: "id", in: "path", required: true, description: "batch id", schema: z.string() }],
    responses: { 200: { description: "the batch", schema: BatchView }, 404: ERRORS[404], 503: ERRORS[503] },
  },
];
