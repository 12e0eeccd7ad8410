import { PlanRequest, PlanResponse } from "@mistflow/contracts";
import type { OperationSpec } from "../operation";
import { ERRORS } from "./errors";

export const planOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/plan",
    operationId: "planDeployments",
    summary: "Dry run: what a deployment or a batch would change in Mist",
    description:
      "Same body as POST /v1/deployments, or an array of up to 1000. For every Mist object the deployments would touch: create, update (with the fields that would change) or unchanged; the IP block each site holds or would be allocated. Reads Mist (GETs only) and IPAM; writes nothing, allocates nothing, enqueues nothing. Masked secrets are reported as unknown, fields Mist sets itself are ignored.",
    tag: "deployments",
    access: "read",
    body: { schema: PlanRequest },
    responses: {
      200: { description: "the plan", schema: PlanResponse },
      400: ERRORS[400],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
];
