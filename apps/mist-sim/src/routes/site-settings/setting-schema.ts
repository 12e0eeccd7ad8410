import { z } from "zod";

/** Fields of `site_setting` the server owns; present in a PUT body they are ignored. */
export const SETTING_READ_ONLY = [
  "id",
  "org_id",
  "site_id",
  "for_site",
  "created_time",
  "modified_time",
] as const;

/**
 * Spec `site_setting` has no required fields. We check what the orchestrator relies on: `vars`
 * values are strings (spec `vars`), and `auto_upgrade` is an object.
 */
export const SettingUpdate = z.looseObject({
  vars: z
    .record(z.string().regex(/^[A-Za-z0-9_]+$/, "var names are letters, digits and _"), z.string())
    .optional(),
  // 2604.1.0: a note and a type per site variable, keyed by variable name.
  vars_annotations: z
    .record(z.string(), z.looseObject({ note: z.string().optional(), type: z.string().optional() }))
    .optional(),
  auto_upgrade: z
    .looseObject({
      enabled: z.boolean().optional(),
      version: z.enum(["stable", "beta", "custom"]).optional(),
    })
    .optional(),
});
