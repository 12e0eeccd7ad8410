import { DecommissionRequest, DecommissionView } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { DecommissionDryRun, DecommissionSummary } from "../schemas";
import { ERRORS } from "./errors";

const id = {
  name: "id",
  in: "path",
  required: true,
  description: "decommission id",
  schema: z.string(),
} as const;
const siteId = {
  name: "site_id",
  in: "path",
  required: true,
  description: "Mist site id of a site mistflow deployed",
  schema: z.string(),
} as const;

export const decommissionOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/sites/{site_id}/decommission",
    operationId: "decommissionSite",
    summary:
      "Tear a site down in reverse order (unbind, unassign devices, delete the site, quarantine then release its IP block); dry_run answers the plan only",
    tag: "decommissions",
    access: "admin",
    params: [siteId],
    body: { schema: DecommissionRequest },
    responses: {
      200: {
        description: "the plan (dry_run), or the decommission already under way for the same request",
        schema: z.union([DecommissionDryRun, DecommissionView]),
      },
      202: { description: "accepted: the teardown is queued", schema: DecommissionView },
      400: ERRORS[400],
      401: ERRORS[401],
      403: ERRORS[403],
      404: ERRORS[404],
      409: ERRORS[409],
      413: ERRORS[413],
      415: ERRORS[415],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/decommissions",
    operationId: "listDecommissions",
    summary: "Recent decommissions",
    tag: "decommissions",
    access: "read",
    params: [
      { name: "limit", in: "query", description: "1-500, default 50", schema: z.coerce.number().int() },
    ],
    responses: {
      200: { description: "newest first", schema: z.array(DecommissionSummary) },
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/decommissions/{id}",
    operationId: "getDecommission",
    summary: "A decommission: its plan, each step, the IP quarantine",
    tag: "decommissions",
    access: "read",
    params: [id],
    responses: {
      200: { description: "the decommission", schema: DecommissionView },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/decommissions/{id}/resume",
    operationId: "resumeDecommission",
    summary: "Run a failed decommission again from its first unfinished step",
    tag: "decommissions",
    access: "admin",
    params: [id],
    responses: {
      202: { description: "resumed", schema: DecommissionView },
      401: ERRORS[401],
      403: ERRORS[403],
      404: ERRORS[404],
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
];
