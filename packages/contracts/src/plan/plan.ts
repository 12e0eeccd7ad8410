import { z } from "zod";
import { BlueprintRef } from "../deployment/record";
import { DeploymentRequest } from "../deployment/request";
import { STEP_IDS } from "../steps";

/** A dry run takes at most this many deployments in one call (a batch's worth). */
export const PLAN_MAX_DEPLOYMENTS = 1000;

/** `POST /v1/plan` body: one deployment request, or an array of them. */
export const PlanRequest = z.union([
  DeploymentRequest,
  z.array(DeploymentRequest).min(1).max(PLAN_MAX_DEPLOYMENTS),
]);
export type PlanRequest = z.infer<typeof PlanRequest>;

export const PLAN_ACTIONS = ["create", "update", "unchanged"] as const;
export const PlanAction = z.enum(PLAN_ACTIONS);
export type PlanAction = z.infer<typeof PlanAction>;

/** One field an update would change; `current` is absent when Mist has no such field. */
export const PlanFieldChange = z.object({
  path: z.string().describe('JS-style path, e.g. port_config["ge-0/0/0"].usage'),
  current: z.unknown().optional(),
  desired: z.unknown(),
});
export type PlanFieldChange = z.infer<typeof PlanFieldChange>;

/** One Mist object a deployment would touch, and what it would do to it. */
export const PlannedObject = z.object({
  step: z.enum(STEP_IDS),
  kind: z.string().describe("site, site_vars, device, application, network, hub_profile, …"),
  name: z.string(),
  action: PlanAction,
  /** The Mist object found by identity, when there is one. */
  mist_id: z.string().optional(),
  /** `update`: the fields that would change. */
  changes: z.array(PlanFieldChange).optional(),
  /** Fields Mist does not reveal (masked secrets): counted as neither a change nor a match. */
  unknown: z.array(z.string()).optional(),
  /** `create`: the body that would be sent (secrets left out). */
  desired: z.record(z.string(), z.unknown()).optional(),
  note: z.string().optional(),
});
export type PlannedObject = z.infer<typeof PlannedObject>;

/** The site's IP block: the one it holds, or the one allocating now would give it. */
export const PlannedIpBlock = z.object({
  zone: z.string(),
  index: z.number().int().nonnegative(),
  block: z.string(),
  status: z.enum(["allocated", "would_allocate"]),
});
export type PlannedIpBlock = z.infer<typeof PlannedIpBlock>;

export const SitePlan = z.object({
  /** Position in the request (0 for a single deployment). */
  index: z.number().int().nonnegative(),
  org_id: z.string(),
  site_name: z.string(),
  blueprint: BlueprintRef,
  ip_plan: PlannedIpBlock.optional(),
  /** Steps 1, 2 and late binding: the site, its variables, its devices, its template binding. */
  objects: z.array(PlannedObject),
  /** Why the deployment would fail as it stands (zone mismatch, a device not in the inventory …). */
  problems: z.array(z.string()),
});
export type SitePlan = z.infer<typeof SitePlan>;

/** Steps 3-13: the org-level objects of one blueprint in one org, shared by all its sites. */
export const BlueprintPlan = z.object({
  org_id: z.string(),
  blueprint: BlueprintRef,
  objects: z.array(PlannedObject),
});
export type BlueprintPlan = z.infer<typeof BlueprintPlan>;

export const PlanSummary = z.object({
  create: z.number().int().nonnegative(),
  update: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

/** `POST /v1/plan` answer. Nothing was written to Mist and nothing was enqueued. */
export const PlanResponse = z.object({
  summary: PlanSummary,
  blueprints: z.array(BlueprintPlan),
  sites: z.array(SitePlan),
  /** Mist read operations the plan made (a listing of several pages counts once); it made no writes. */
  mist_reads: z.number().int().nonnegative(),
});
export type PlanResponse = z.infer<typeof PlanResponse>;
