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
export function blueprintVarUsers(bp: Blueprint): Readonly<Record<string, unknown>> {
  let users = varUsers.get(bp);
  if (!users) {
    const { gateway_template, switch_template, rf_template, wlans, networks, labels, psks, hub_profiles } =
      bp;
    users = { gateway_template, switch_template, rf_template, wlans, networks, labels, psks, hub_profiles };
    varUsers.set(bp, users);
  }
  return users;
}
/** One object per blueprint, so what is derived from it (its variable references) is derived once. */
const varUsers = new WeakMap<Blueprint, Readonly<Record<string, unknown>>>();

/** The site fields late binding sets, which a decommission clears. */
export const BOUND_TEMPLATE_FIELDS = ["gatewaytemplate_id", "networktemplate_id", "rftemplate_id"] as const;

export interface Unbinding {
  /** The partial `PUT /sites/{id}` body; empty when nothing is bound any more. */
  patch: Record<string, null | string[]>;
  /** Template field → the id it held, for the plan. */
  templates: Partial<Record<(typeof BOUND_TEMPLATE_FIELDS)[number], string>>;
  /** The blueprint's site group the site leaves (its WLAN template applies through it). */
  leftSitegroup?: string;
  /** Site groups a person added, which stay. */
  keptSitegroups: string[];
}

/**
 * The reverse of late binding, computed from the site as Mist has it now: every bound template is
 * cleared (a decommissioned site must render no config, whoever bound it), and the site leaves the
 * blueprint's site group. Other groups were a person's choice and stay. Only fields that change
 * are sent, so a repeat after the first one landed is an empty patch.
 */
export function desiredUnbinding(site: Record<string, unknown>, blueprintSitegroupId?: string): Unbinding {
  const patch: Unbinding["patch"] = {};
  const templates: Unbinding["templates"] = {};
  for (const field of BOUND_TEMPLATE_FIELDS) {
    const id = site[field];
    if (typeof id === "string" && id !== "") {
      patch[field] = null;
      templates[field] = id;
    }
  }
  const groups = Array.isArray(site.sitegroup_ids)
    ? site.sitegroup_ids.filter((g): g is string => typeof g === "string")
    : [];
  const leaves = blueprintSitegroupId !== undefined && groups.includes(blueprintSitegroupId);
  const kept = groups.filter((g) => g !== blueprintSitegroupId);
  if (leaves) patch.sitegroup_ids = kept;
  return {
    patch,
    templates,
    ...(leaves ? { leftSitegroup: blueprintSitegroupId } : {}),
    keptSitegroups: kept,
  };
}

export interface RebindingIds {
  gatewaytemplate_id?: string | undefined;
  networktemplate_id?: string | undefined;
  rftemplate_id?: string | undefined;
  /** The target version's site group. */
  sitegroup_id?: string | undefined;
  /** Every site group of the blueprint's other versions: the site leaves them. */
  retired_sitegroup_ids: readonly string[];
}

/**
 * A rollout's move of one live site to another blueprint version: each template field takes the
 * target's id (cleared when the target has no such template), and the site swaps the old
 * versions' site groups for the target's; groups a person added stay. Only fields that change
 * are in the patch, so a repeat after the move landed is empty.
 */
export function desiredRebinding(
  site: Record<string, unknown>,
  ids: RebindingIds,
): Record<string, string | string[] | null> {
  const patch: Record<string, string | string[] | null> = {};
  for (const field of BOUND_TEMPLATE_FIELDS) {
    const current = typeof site[field] === "string" && site[field] !== "" ? site[field] : null;
    const desired = ids[field] ?? null;
    if (current !== desired) patch[field] = desired;
  }
  const groups = Array.isArray(site.sitegroup_ids)
    ? site.sitegroup_ids.filter((g): g is string => typeof g === "string")
    : [];
  const retired = new Set(ids.retired_sitegroup_ids.filter((g) => g !== ids.sitegroup_id));
  const kept = groups.filter((g) => !retired.has(g));
  const desiredGroups =
    ids.sitegroup_id && !kept.includes(ids.sitegroup_id) ? [...kept, ids.sitegroup_id] : kept;
  if (JSON.stringify(desiredGroups) !== JSON.stringify(groups)) patch.sitegroup_ids = desiredGroups;
  return patch;
}
