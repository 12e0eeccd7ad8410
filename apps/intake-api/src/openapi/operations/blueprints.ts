import { BlueprintDetail, BlueprintSummary, RolloutPlan, RolloutRequest } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ErrorBody } from "../schemas";
import { ERRORS } from "./errors";

export const blueprintOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/blueprints",
    operationId: "listBlueprints",
    summary: "Blueprints, their newest version and how many sites run each version",
    tag: "blueprints",
    access: "read",
    responses: {
      200: { description: "by name", schema: z.array(BlueprintSummary) },
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/blueprints/{name}",
    operationId: "getBlueprint",
    summary: "A blueprint's versions: digest, the Mist names of its templates, and the sites bound to each",
    tag: "blueprints",
    access: "read",
    params: [{ name: "name", in: "path", required: true, description: "blueprint name", schema: z.string() }],
    responses: {
      200: { description: "the blueprint", schema: BlueprintDetail },
      404: ERRORS[404],
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/blueprints/{name}/rollouts",
    operationId: "planRollout",
    summary:
      "Plan moving an org's sites bound to a blueprint to one of its versions: per Mist object (new versioned copies with their field diffs, shared changes, deletes after the last wave), per wave its sites",
    tag: "blueprints",
    access: "deployments:write",
    params: [{ name: "name", in: "path", required: true, description: "blueprint name", schema: z.string() }],
    body: { schema: RolloutRequest },
    responses: {
      200: {
        description: "`dry_run`: the plan; only GETs were sent to Mist",
        schema: z.object({ dry_run: z.literal(true), plan: RolloutPlan }),
      },
      400: ERRORS[400],
      404: ERRORS[404],
      409: ERRORS[409],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      501: {
        description:
          "without `dry_run`: executing waves is not available in this build; the plan comes back and nothing is written",
        schema: ErrorBody.extend({ plan: RolloutPlan }),
      },
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
];
