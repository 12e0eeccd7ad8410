import type { Blueprint } from "@mistflow/contracts";

export interface BindingIds {
  gatewaytemplate_id?: string | undefined;
  networktemplate_id?: string | undefined;
  rftemplate_id?: string | undefined;
  /** The blueprint's site group (step 8), which its WLAN template applies to. */
  sitegroup_id?: string | undefined;
  /** The site's groups before binding: a group a person added is kept. */
  current_sitegroup_ids: readonly string[];
}

/** Late binding: the one `PUT /sites/{id}` that puts the templates on the live site. */
export function desiredBinding(ids: BindingIds): Record<string, string | string[]> {
  const binding: Record<string, string | string[]> = {};
  if (ids.gatewaytemplate_id) binding.gatewaytemplate_id = ids.gatewaytemplate_id;
  if (ids.networktemplate_id) binding.networktemplate_id = ids.networktemplate_id;
  if (ids.rftemplate_id) binding.rftemplate_id = ids.rftemplate_id;
  if (ids.sitegroup_id) {
    const groups = [...ids.current_sitegroup_ids];
    binding.sitegroup_ids = groups.includes(ids.sitegroup_id) ? groups : [...groups, ids.sitegroup_id];
  }
  return binding;
}

/** What late binding checks against the site's variables: every object a site's config renders. */
export function blueprintVarUsers(bp: Blueprint): Record<string, unknown> {
  const { gateway_template, switch_template, rf_template, wlans, networks, labels, psks, hub_profiles } = bp;
  return { gateway_template, switch_template, rf_template, wlans, networks, labels, psks, hub_profiles };
}
