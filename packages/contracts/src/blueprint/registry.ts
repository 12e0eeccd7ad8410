import { z } from "zod";

/** One registered version of a blueprint. `digest` is what deployments of it run (its effective content). */
export const BlueprintVersionRecord = z.object({
  name: z.string(),
  version: z.number().int().min(1),
  digest: z.string(),
  /** Digest of the blueprint as written; differs from `digest` once templates carry a version suffix. */
  source_digest: z.string(),
  registered_at: z.iso.datetime(),
  /** The Mist names this version's site-bound objects take (templates and site group). */
  objects: z.object({
    gateway_template: z.string().optional(),
    switch_template: z.string().optional(),
    rf_template: z.string().optional(),
    wlan_template: z.string().optional(),
    site_group: z.string().optional(),
  }),
});
export type BlueprintVersionRecord = z.infer<typeof BlueprintVersionRecord>;

/** Which blueprint version a site is bound to: written when late binding of a deployment succeeds. */
export const SiteBinding = z.object({
  org_id: z.string(),
  site_id: z.string(),
  site_name: z.string(),
  blueprint: z.string(),
  version: z.number().int().min(1),
  digest: z.string(),
  /** The deployment (or rollout) that bound it. */
  bound_by: z.string(),
  /** The deployment that built the site (its request holds the site's variables), when known. */
  deployment_id: z.string().optional(),
  bound_at: z.iso.datetime(),
});
export type SiteBinding = z.infer<typeof SiteBinding>;

/** `GET /v1/blueprints` item. */
export const BlueprintSummary = z.object({
  name: z.string(),
  latest_version: z.number().int(),
  versions: z.number().int(),
  /** Bound sites per version number. */
  sites_by_version: z.record(z.string(), z.number().int()),
});
export type BlueprintSummary = z.infer<typeof BlueprintSummary>;

/** `GET /v1/blueprints/:name`. */
export const BlueprintDetail = z.object({
  name: z.string(),
  latest_version: z.number().int(),
  versions: z.array(BlueprintVersionRecord.extend({ sites: z.array(SiteBinding) })),
});
export type BlueprintDetail = z.infer<typeof BlueprintDetail>;
