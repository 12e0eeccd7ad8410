import type { Blueprint } from "@mistflow/contracts";

type Body = Record<string, unknown>;

/** Step 3: applications (org services), as written in the blueprint. */
export const desiredApplications = (bp: Blueprint): Body[] => bp.applications;

/** Step 4: LAN networks, as written in the blueprint. */
export const desiredNetworks = (bp: Blueprint): Body[] => bp.networks;

/** Step 5: hub profiles are device profiles of type gateway (the list defaults to APs otherwise). */
export const desiredHubProfiles = (bp: Blueprint): Body[] =>
  bp.hub_profiles.map((p) => ({ ...p, type: "gateway" }));

/** The list filter hub profiles need: Mist lists device profiles of type `ap` without it. */
export const HUB_PROFILE_QUERY: Readonly<Record<string, string>> = { type: "gateway" };

/** One Mist site group per blueprint: the unit its WLAN template applies to. */
export const sitegroupName = (blueprint: string): string => `mistflow-${blueprint}`;

/** The blueprint's site group: the one it names (an imported org's), else `mistflow-<name>`. */
export const sitegroupOf = (bp: Pick<Blueprint, "name" | "site_group">): string =>
  bp.site_group ?? sitegroupName(bp.name);

/** Step 8, first half: the blueprint's site group. */
export const desiredSitegroup = (bp: Blueprint): Body => ({ name: sitegroupOf(bp) });

/**
 * Step 8: the WLAN template, applied to the blueprint's site group, so late binding only has to
 * put each site in that group.
 */
export const desiredWlanTemplate = (bp: Blueprint, sitegroupId: string): Body | undefined =>
  bp.wlan_template ? { ...bp.wlan_template, applies: { sitegroup_ids: [sitegroupId] } } : undefined;

/** Step 10: WLANs live in the WLAN template. */
export const desiredWlans = (bp: Blueprint, wlanTemplateId: string): Body[] =>
  bp.wlans.map((w) => ({ ...w, template_id: wlanTemplateId }));

/**
 * Step 11: labels (wxtags). Mist matches `wlan_id` labels on WLAN ids, not SSIDs, so the
 * blueprint's `wlan_ssids` become ids; `wlanId` says what to do with an SSID it does not know.
 */
export const desiredLabels = (
  bp: Blueprint,
  /** One WLAN id per SSID; several while a rollout keeps an old version's WLAN matched too. */
  wlanId: (ssid: string, label: string) => string | readonly string[],
): Body[] =>
  bp.labels.map(({ wlan_ssids, ...label }) => {
    if (!wlan_ssids) return label;
    const values = wlan_ssids.flatMap((ssid) => wlanId(ssid, label.name));
    return { ...label, match: label.match ?? "wlan_id", values };
  });

/** Step 12: WLAN policies (wxrules) on the WLAN template, labels resolved to wxtag ids. */
export const desiredWlanPolicies = (
  bp: Blueprint,
  wlanTemplateId: string,
  tagId: (label: string) => string,
): Body[] =>
  bp.wlan_policies.map(({ src_labels, dst_allow_labels, dst_deny_labels, ...rule }) => ({
    ...rule,
    template_id: wlanTemplateId,
    src_wxtags: src_labels.map(tagId),
    dst_allow_wxtags: dst_allow_labels.map(tagId),
    dst_deny_wxtags: dst_deny_labels.map(tagId),
  }));

/**
 * Step 13: org PSKs without their passphrase. The passphrase is not desired state: an existing
 * PSK keeps its own (changing it is rotation, a Day-2 action), and a new one gets it at creation.
 */
export const desiredPsks = (bp: Blueprint): Body[] =>
  bp.psks.map(({ passphrase: _spec, ...fields }) => fields);
