import type { JsonObject, StoredObject } from "../state/types";

/** Spec `org_setting`, stored as sent plus the server-owned fields. */
export interface OrgSetting extends StoredObject {
  api_policy?: { src_ips?: string[]; enforce_src_ips_for_tokens?: boolean; no_reveal?: boolean };
  auto_upgrade?: JsonObject;
  marvis?: JsonObject;
}

/**
 * A fresh org's setting. **Assumed**: what Mist returns for an org nobody has configured is not
 * documented; the simulator answers the server-owned fields and the defaults the spec declares
 * for the fields mistflow reads (no source-IP policy, no AP auto-upgrade, no self-driving).
 */
export function defaultOrgSetting(orgId: string, now: number): OrgSetting {
  return {
    id: orgId,
    org_id: orgId,
    created_time: now,
    modified_time: now,
    api_policy: { no_reveal: false, enforce_src_ips_for_tokens: false },
    auto_upgrade: { enabled: false },
    marvis: {
      self_driving: { wireless: { enabled: false }, wired: { enabled: false }, wan: { enabled: false } },
    },
  };
}

/** Source addresses an org token must come from, or undefined when nothing restricts it. */
export function tokenSourceRule(
  setting: OrgSetting | undefined,
  ownSrcIps: readonly string[] | undefined,
): readonly string[] | undefined {
  // An org token's own `src_ips` (spec `org_apitoken`) always apply; the org policy applies to
  // tokens without their own only when `enforce_src_ips_for_tokens` is on (2607.1.0).
  if (ownSrcIps && ownSrcIps.length > 0) return ownSrcIps;
  const policy = setting?.api_policy;
  if (policy?.enforce_src_ips_for_tokens && policy.src_ips && policy.src_ips.length > 0)
    return policy.src_ips;
  return undefined;
}
