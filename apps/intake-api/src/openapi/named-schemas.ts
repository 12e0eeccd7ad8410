import {
  BatchAccepted,
  BatchRejected,
  BatchView,
  DeploymentRequest,
  DeploymentView,
  LegacyDeployRequest,
  PlanRequest,
  PlanResponse,
  PskRotationRequest,
  PskRotationScheduleRequest,
  PskRotationView,
  SiteHealth,
  UpgradeRequest,
} from "@mistflow/contracts";
import type { z } from "zod";
import { BatchRequest } from "./operations/batches";
import { WebhookPayload } from "./operations/webhooks";
import {
  CancelAnswer,
  DeploymentSummary,
  ErrorBody,
  Health,
  IpamAllocation,
  IpamRelease,
  IpamSitePlan,
  IpamZoneUsage,
  LegacyDeployAnswer,
  ProbeReport,
  PskScheduleRemoved,
  PskScheduleView,
  Readiness,
  UpgradeSummary,
  UpgradeView,
  WebhookAnswer,
} from "./schemas";

/** Request bodies, converted as the caller writes them (defaults optional, before transforms). */
export const INPUT_SCHEMAS: Record<string, z.ZodType> = {
  DeploymentRequest,
  PlanRequest,
  LegacyDeployRequest,
  BatchRequest,
  WebhookPayload,
  UpgradeRequest,
  PskRotationRequest,
  PskRotationScheduleRequest,
};

/** Answers, converted as the API writes them. */
export const OUTPUT_SCHEMAS: Record<string, z.ZodType> = {
  ErrorBody,
  DeploymentSummary,
  DeploymentView,
  PlanResponse,
  LegacyDeployAnswer,
  WebhookAnswer,
  Health,
  Readiness,
  ProbeReport,
  IpamZoneUsage,
  IpamSitePlan,
  IpamAllocation,
  IpamRelease,
  BatchAccepted,
  BatchRejected,
  BatchView,
  CancelAnswer,
  UpgradeSummary,
  UpgradeView,
  PskRotationView,
  PskScheduleView,
  PskScheduleRemoved,
  SiteHealth,
};
