import type { MistClient } from "../client/mist-client";
import type { OrgSetting } from "../resources/org-setting";
import type { Site } from "../resources/sites";
import type { MarvisCheck } from "./preflight-types";

export const MARVIS_WINDOW_DAYS = 7;

export function selfDriving(setting: OrgSetting): MarvisCheck["self_driving"] {
  const sd = setting.marvis?.self_driving;
  return {
    wireless: sd?.wireless?.enabled === true,
    wired: sd?.wired?.enabled === true,
    wan: sd?.wan?.enabled === true,
  };
}

/**
 * Marvis self-driving (`org_setting.marvis.self_driving`, per domain) may change switch ports by
 * itself; what it did is listed by `/sites/{id}/marvis_configs/search`. Sites are searched only
 * when a domain is on, since that is one read per site.
 */
export async function marvisCheck(
  mist: MistClient,
  setting: OrgSetting,
  sites: readonly Site[],
): Promise<MarvisCheck> {
  const domains = selfDriving(setting);
  const on = Object.entries(domains)
    .filter(([, v]) => v)
    .map(([k]) => k);
  const base = { self_driving: domains, window_days: MARVIS_WINDOW_DAYS };
  if (on.length === 0)
    return { status: "ok", reason: "Marvis self-driving is off", recent_actions: 0, sites: [], ...base };
  const counted: MarvisCheck["sites"] = [];
  for (const s of sites) {
    const actions = await mist.marvis.searchConfigActions(s.id, { duration: `${MARVIS_WINDOW_DAYS}d` });
    if (actions.length > 0) counted.push({ site_id: s.id, site_name: s.name, actions: actions.length });
  }
  const total = counted.reduce((n, s) => n + s.actions, 0);
  return {
    status: "warning",
    reason:
      `Marvis self-driving is on (${on.join(", ")}) and made ${total} change(s) in ${MARVIS_WINDOW_DAYS} days: ` +
      "drift reports list them as Mist-made and converge leaves them in place",
    recent_actions: total,
    sites: counted,
    ...base,
  };
}
