import { z } from "zod";
import { PlanFieldChange } from "../plan";

/**
 * One org object of a blueprint version in use that is not as mistflow made it: `drifted` (the
 * fields that differ; `current` is what Mist has, `desired` what the version says) or `missing`
 * (gone from Mist). Masked secrets and values Mist shows as its default are `unknown`.
 */
export const DriftObject = z.object({
  blueprint: z.string(),
  version: z.number().int(),
  kind: z.string(),
  name: z.string(),
  state: z.enum(["drifted", "missing"]),
  mist_id: z.string().optional(),
  changes: z.array(PlanFieldChange).optional(),
  unknown: z.array(z.string()).optional(),
});
export type DriftObject = z.infer<typeof DriftObject>;

/** One bound site whose bindings, site group membership or site variables differ from the record. */
export const DriftSite = z.object({
  site_id: z.string(),
  site_name: z.string(),
  blueprint: z.string(),
  version: z.number().int(),
  state: z.enum(["drifted", "missing"]),
  /** Paths: `networktemplate_id`, `sitegroup_ids`, `vars.<name>` … */
  changes: z.array(PlanFieldChange),
  unknown: z.array(z.string()).optional(),
  note: z.string().optional(),
});
export type DriftSite = z.infer<typeof DriftSite>;

/**
 * A change Mist made itself: an action of Marvis self-driving (`/sites/{id}/marvis_configs/search`)
 * on a device of a bound site. Listed, never counted as drift, and converge leaves it in place
 * (docs/preflight.md). `changes` are drift paths that the action explains and were moved here.
 */
export const MistMadeChange = z.object({
  site_id: z.string(),
  site_name: z.string(),
  source: z.literal("marvis"),
  action_id: z.string(),
  mac: z.string().nullable(),
  port_id: z.string().nullable(),
  op: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.iso.datetime().nullable(),
  changes: z.array(PlanFieldChange).optional(),
});
export type MistMadeChange = z.infer<typeof MistMadeChange>;

/** What `GET /v1/drift?org_id=` answers: only what drifted, with how much was checked. */
export const DriftReport = z.object({
  org_id: z.string(),
  checked_at: z.iso.datetime(),
  objects: z.array(DriftObject),
  sites: z.array(DriftSite),
  /** Changes Mist made itself (Marvis self-driving): not drift, and converge does not undo them. */
  mist_made: z.array(MistMadeChange).optional(),
  summary: z.object({
    objects_checked: z.number().int(),
    objects_drifted: z.number().int(),
    sites_checked: z.number().int(),
    sites_drifted: z.number().int(),
  }),
  /** Mist read operations the check made (every one a GET). */
  reads: z.number().int(),
});
export type DriftReport = z.infer<typeof DriftReport>;

/** `POST /v1/drift/converge` body. */
export const ConvergeRequest = z.strictObject({
  org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
  /** Only these sites; default every drifted site (and one site per version whose objects drifted). */
  site_ids: z
    .array(z.uuid({ message: "must be a Mist site id (UUID)" }))
    .min(1)
    .max(5_000)
    .optional(),
  /** Plan only: the drift converge would fix and the deployments it would run; nothing is written. */
  dry_run: z.boolean().default(false),
});
export type ConvergeRequest = z.infer<typeof ConvergeRequest>;

/** One site converge re-deploys at its bound version, and why. */
export const ConvergeTarget = z.object({
  site_id: z.string(),
  site_name: z.string(),
  blueprint: z.string(),
  version: z.number().int(),
  reason: z.string(),
  /** The deployment that puts it back; absent in a dry run. */
  deployment_id: z.string().optional(),
});
export type ConvergeTarget = z.infer<typeof ConvergeTarget>;

export const ConvergeResponse = z.object({
  dry_run: z.boolean(),
  drift: DriftReport,
  targets: z.array(ConvergeTarget),
});
export type ConvergeResponse = z.infer<typeof ConvergeResponse>;
