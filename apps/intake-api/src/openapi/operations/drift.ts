import { ConvergeRequest, ConvergeResponse, DriftReport } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ERRORS } from "./errors";

const org = {
  name: "org_id",
  in: "query",
  required: true,
  description: "Mist org id",
  schema: z.string(),
} as const;

export const driftOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/drift",
    operationId: "checkDrift",
    summary:
      "Compare live Mist with what mistflow recorded for an org (GETs only): per org object of every blueprint version in use, and per bound site (bindings, site group, site variables), the field diffs",
    tag: "blueprints",
    access: "read",
    params: [org],
    responses: {
      200: { description: "what drifted, and how much was checked", schema: DriftReport },
      400: ERRORS[400],
      422: ERRORS[422],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/drift/last",
    operationId: "lastDriftReport",
    summary:
      "The report of the last scheduled drift check of an org (DRIFT_CHECK_INTERVAL_S on the day2 workers)",
    tag: "blueprints",
    access: "read",
    params: [org],
    responses: {
      200: { description: "the report", schema: DriftReport },
      400: ERRORS[400],
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/drift/converge",
    operationId: "convergeDrift",
    summary:
      "Put drifted sites back: each is re-deployed at the blueprint version it is bound to (planned first; `dry_run` stops at the plan)",
    tag: "blueprints",
    access: "deployments:write",
    body: { schema: ConvergeRequest },
    responses: {
      200: {
        description: "`dry_run`, or nothing drifted: the drift and the sites converge would re-deploy",
        schema: ConvergeResponse,
      },
      202: { description: "a deployment per target site was submitted", schema: ConvergeResponse },
      400: ERRORS[400],
      409: ERRORS[409],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
];
