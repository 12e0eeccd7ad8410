import { BlueprintDetail, BlueprintSummary } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
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
];
