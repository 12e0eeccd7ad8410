import { z } from "zod";
import { mistPath } from "../core/mist-path";
import type { CallOptions, ResourceContext } from "./context";

const Enabled = z.looseObject({ enabled: z.boolean().nullish() });

/**
 * Spec `org_setting`, the parts mistflow reads (docs/preflight.md): the API policy's source
 * addresses (2605.1.0 `src_ips`, 2607.1.0 `enforce_src_ips_for_tokens`), the org-wide AP
 * auto-upgrade (2605.1.0) and Marvis self-driving per domain. Every other field passes through.
 */
export const OrgSetting = z.looseObject({
  api_policy: z
    .looseObject({
      src_ips: z.array(z.string()).nullish(),
      enforce_src_ips_for_tokens: z.boolean().nullish(),
    })
    .nullish(),
  auto_upgrade: Enabled.nullish(),
  marvis: z
    .looseObject({
      self_driving: z
        .looseObject({ wireless: Enabled.nullish(), wired: Enabled.nullish(), wan: Enabled.nullish() })
        .nullish(),
    })
    .nullish(),
});
export type OrgSetting = z.infer<typeof OrgSetting>;

export type OrgSettingUpdate = Partial<OrgSetting> & { [field: string]: unknown };

/** `GET|PUT /orgs/{org_id}/setting`. */
export class OrgSettingApi {
  constructor(private readonly ctx: ResourceContext) {}

  get(orgId: string, options: CallOptions = {}): Promise<OrgSetting> {
    return this.ctx.http.request("GET", mistPath`/orgs/${orgId}/setting`, {
      schema: OrgSetting,
      signal: options.signal,
    });
  }

  /** Top-level partial update: an object sent replaces the stored one, so send it whole. */
  update(orgId: string, body: OrgSettingUpdate, options: CallOptions = {}): Promise<OrgSetting> {
    return this.ctx.http.request("PUT", mistPath`/orgs/${orgId}/setting`, {
      body,
      schema: OrgSetting,
      signal: options.signal,
    });
  }
}
