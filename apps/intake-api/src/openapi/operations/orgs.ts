import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ProbeReport } from "../schemas";
import { ERRORS } from "./errors";

export const orgOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/orgs/{org_id}/probe",
    operationId: "probeOrg",
    summary:
      "Is each Mist token of the org valid and allowed to write, how much of its hour is left, and the pre-flight of what the org enforces",
    tag: "orgs",
    access: "read",
    params: [{ name: "org_id", in: "path", required: true, description: "Mist org id", schema: z.uuid() }],
    responses: {
      200: { description: "per token, by alias", schema: ProbeReport },
      400: ERRORS[400],
      404: { ...ERRORS[404], description: "no Mist token for this org" },
    },
  },
];
