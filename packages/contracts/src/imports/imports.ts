import { z } from "zod";
import { BlueprintRef } from "../deployment/record";
import { DeploymentRequest } from "../deployment/request";

/** `POST /v1/imports` body. */
export const ImportRequest = z.strictObject({
  org_id: z.uuid({ message: "must be a Mist org id (UUID)" }),
  /** Read and answer only: no adoption records, no IPAM reservations. Mist is never written either way. */
  dry_run: z.boolean().default(false),
  /**
   * Templates that differ only in values (per-site copies) are merged into one, the differing
   * values becoming site variables, as the import can see the pattern. Their sites are then bound
   * to the merged template by their first deployment or rollout, which the plan shows until then.
   * `false` keeps every copy as a blueprint of its own (and says which ones look alike).
   */
  merge_lookalikes: z.boolean().default(true),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

/** What IPAM recorded of an adopted site's existing prefixes. */
export const AdoptedIpPlan = z.object({
  /** The prefixes and addresses found in the site's variables. */
  prefixes: z.array(z.string()),
  /** The site block that is exactly one of them, now the site's own allocation. */
  block: z.string().optional(),
  zone: z.string().optional(),
  /** Other site blocks its prefixes overlap, held for it so no new site gets them. */
  reserved: z.number().int().nonnegative(),
  /** Site blocks another site already holds: an overlap a person must sort out. */
  conflicts: z.array(z.object({ zone: z.string(), block: z.string(), owner: z.string() })),
});
export type AdoptedIpPlan = z.infer<typeof AdoptedIpPlan>;

/**
 * A site mistflow did not build but now knows: which imported blueprint version it matches and
 * which variables it has, so later operations treat it like a site mistflow deployed.
 */
export const SiteAdoption = z.object({
  site_id: z.string(),
  site_name: z.string(),
  org_id: z.string(),
  blueprint: BlueprintRef,
  vars: z.record(z.string(), z.string()),
  ip_plan: AdoptedIpPlan,
  import_id: z.string(),
  adopted_at: z.iso.datetime(),
  /**
   * The site as a deployment request (`ip_plan: adopted`): what `POST /v1/plan` takes to compare it
   * with its blueprint. Absent when Mist lacks a field a request needs (the warnings say which).
   */
  request: DeploymentRequest.optional(),
});
export type SiteAdoption = z.infer<typeof SiteAdoption>;

export const ImportedBlueprintView = z.object({
  blueprint: BlueprintRef,
  /** The blueprint as a YAML file, ready for review and the blueprints directory. */
  yaml: z.string(),
  templates: z.record(z.string(), z.string()),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** What `POST /v1/imports` answers and `GET /v1/imports/:id` keeps. */
export const ImportView = z.object({
  id: z.string(),
  org_id: z.string(),
  dry_run: z.boolean(),
  created_at: z.iso.datetime(),
  blueprints: z.array(ImportedBlueprintView),
  adoptions: z.array(SiteAdoption),
  unbound_sites: z.array(z.object({ id: z.string(), name: z.string() })),
  warnings: z.array(z.string()),
  /** Mist read operations the import made (it makes no other kind). */
  mist_reads: z.number().int().nonnegative(),
});
export type ImportView = z.infer<typeof ImportView>;
