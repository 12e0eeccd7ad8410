import { UpgradeRequest } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { UpgradeSummary, UpgradeView } from "../schemas";
import { ERRORS } from "./errors";

const id = { name: "id", in: "path", required: true, description: "upgrade id", schema: z.string() } as const;

export const upgradeOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/upgrades",
    operationId: "submitUpgrade",
    summary: "Start a canary firmware rollout across sites, in waves",
    tag: "upgrades",
    access: "deployments:write",
    body: { schema: UpgradeRequest },
    responses: {
      202: { description: "started", schema: UpgradeView },
      400: ERRORS[400],
      409: {
        ...ERRORS[409],
        description:
          "`auto_upgrade_on`: AP auto-upgrade is on for target sites (named in the message); set override_auto_upgrade",
      },
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/upgrades",
    operationId: "listUpgrades",
    summary: "Recent upgrades",
    tag: "upgrades",
    access: "read",
    params: [
      { name: "limit", in: "query", description: "1-500, default 50", schema: z.coerce.number().int() },
    ],
    responses: { 200: { description: "newest first", schema: z.array(UpgradeSummary) }, 503: ERRORS[503] },
  },
  {
    method: "get",
    path: "/v1/upgrades/{id}",
    operationId: "getUpgrade",
    summary: "An upgrade: waves, sites, devices, halt reason",
    tag: "upgrades",
    access: "read",
    params: [id],
    responses: {
      200: { description: "the upgrade", schema: UpgradeView },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/upgrades/{id}/abort",
    operationId: "abortUpgrade",
    summary: "Stop an upgrade before its next wave",
    tag: "upgrades",
    access: "deployments:write",
    params: [id],
    responses: {
      202: { description: "aborting", schema: UpgradeView },
      404: ERRORS[404],
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/upgrades/{id}/resume",
    operationId: "resumeUpgrade",
    summary: "Resume a halted upgrade",
    tag: "upgrades",
    access: "deployments:write",
    params: [id],
    responses: {
      202: { description: "resumed", schema: UpgradeView },
      404: ERRORS[404],
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
];
