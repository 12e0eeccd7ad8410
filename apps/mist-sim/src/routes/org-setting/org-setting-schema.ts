import { z } from "zod";
import { isSourceEntry } from "../../org-policy/source-ip";

/** Fields of `org_setting` the server owns; present in a PUT body they are ignored. */
export const ORG_SETTING_READ_ONLY = [
  "id",
  "org_id",
  "for_site",
  "created_time",
  "modified_time",
  "msp_id",
] as const;

const Enabled = z.looseObject({ enabled: z.boolean().optional() });

/**
 * Spec `org_setting` has no required fields. We check the parts mistflow reads: the API policy
 * (2605.1.0 `src_ips`, at most 10 addresses or CIDR subnets; 2607.1.0 `enforce_src_ips_for_tokens`),
 * the org-wide AP `auto_upgrade` (2605.1.0) and Marvis self-driving per domain.
 */
export const OrgSettingUpdate = z.looseObject({
  api_policy: z
    .looseObject({
      no_reveal: z.boolean().optional(),
      src_ips: z
        .array(z.string().refine(isSourceEntry, "must be an IP address or a CIDR subnet"))
        .max(10)
        .optional(),
      enforce_src_ips_for_tokens: z.boolean().optional(),
    })
    .optional(),
  auto_upgrade: z
    .looseObject({
      enabled: z.boolean().optional(),
      version: z.string().optional(),
      time_of_day: z.string().optional(),
      day_of_week: z.string().optional(),
    })
    .optional(),
  marvis: z
    .looseObject({
      self_driving: z
        .looseObject({ wireless: Enabled.optional(), wired: Enabled.optional(), wan: Enabled.optional() })
        .optional(),
    })
    .optional(),
});
export type OrgSettingUpdate = z.infer<typeof OrgSettingUpdate>;
