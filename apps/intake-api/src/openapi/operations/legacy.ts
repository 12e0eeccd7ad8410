import { LegacyDeployRequest } from "@mistflow/contracts";
import type { OperationSpec } from "../operation";
import { LegacyDeployAnswer } from "../schemas";
import { SUBMIT_HEADERS } from "./deployments";
import { ERRORS } from "./errors";

export const legacyOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/orchestrator/deploy-full-stack",
    operationId: "legacyDeployFullStack",
    summary: "The older orchestrator's body, mapped onto the same deployment",
    description:
      "zone_id 1-8 maps to the IPAM zones in order; the blueprint is LEGACY_BLUEPRINT unless given.",
    tag: "legacy",
    access: "deployments:write",
    params: SUBMIT_HEADERS,
    body: { schema: LegacyDeployRequest },
    responses: {
      202: { description: "recorded and enqueued", schema: LegacyDeployAnswer },
      200: { description: "the same request was submitted before", schema: LegacyDeployAnswer },
      400: ERRORS[400],
      409: ERRORS[409],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
];
