import { RolloutSummary, RolloutView } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { ERRORS } from "./errors";

const id = {
  name: "id",
  in: "path",
  required: true,
  description: "rollout id (rol-…)",
  schema: z.string(),
} as const;

const action = (verb: "abort" | "resume" | "rollback", summary: string): OperationSpec => ({
  method: "post",
  path: `/v1/rollouts/{id}/${verb}`,
  operationId: `${verb}Rollout`,
  summary,
  tag: "blueprints",
  access: "deployments:write",
  params: [id],
  responses: {
    202: { description: "accepted; the record as it now stands", schema: RolloutView },
    404: ERRORS[404],
    409: ERRORS[409],
    503: ERRORS[503],
  },
});

export const rolloutOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/rollouts",
    operationId: "listRollouts",
    summary: "Recent blueprint rollouts, newest first",
    tag: "blueprints",
    access: "read",
    params: [
      { name: "limit", in: "query", description: "1-500, default 50", schema: z.coerce.number().int() },
    ],
    responses: { 200: { description: "newest first", schema: z.array(RolloutSummary) }, 503: ERRORS[503] },
  },
  {
    method: "get",
    path: "/v1/rollouts/{id}",
    operationId: "getRollout",
    summary: "A rollout: its plan, each wave (sites, SLE baseline and deltas), each site's move, cleanup",
    tag: "blueprints",
    access: "read",
    params: [id],
    responses: {
      200: { description: "the rollout", schema: RolloutView },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  action("abort", "Stop moving sites; moved sites stay on the new version until resume or rollback"),
  action(
    "resume",
    "Go on with a halted, aborted or failed rollout (a halted wave is judged again after a new soak)",
  ),
  action(
    "rollback",
    "Put every moved site back on the version it came from, then delete the new copies no site uses",
  ),
];
