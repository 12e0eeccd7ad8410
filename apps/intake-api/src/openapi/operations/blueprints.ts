import {
  BlueprintDetail,
  BlueprintSummary,
  RolloutPlan,
  RolloutRequest,
  RolloutView,
} from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ErrorBody } from "../schemas";

const error = (description: string) => ({ description, schema: ErrorBody });

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
    operationId: "startRollout",
    summary:
      "Move an org's sites bound to a blueprint to one of its versions in SLE-gated waves. The plan first: per Mist object (new versioned copies with their field diffs, shared changes, deletes after the last wave), per wave its sites; `dry_run` stops there",
    tag: "blueprints",
    access: "deployments:write",
    params: [{ name: "name", in: "path", required: true, description: "blueprint name", schema: z.string() }],
    body: { schema: RolloutRequest },
    responses: {
      200: {
        description: "`dry_run`: the plan; only GETs were sent to Mist",
        schema: z.object({ dry_run: z.literal(true), plan: RolloutPlan }),
      },
      202: { description: "started: prepare, then the waves, then cleanup, as jobs", schema: RolloutView },
      400: ERRORS[400],
      404: ERRORS[404],
      409: error(
        "another rollout of this blueprint in this org has not ended, or the blueprint's version conflicts",
      ),
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
];
