import type { Blueprint } from "@mistflow/contracts";
import { sitegroupOf } from "@mistflow/desired-state";

/**
 * The objects sites bind to, grouped by what one binding brings along. A wireless change (the
 * WLAN template, its WLANs or its WLAN policies) is one family: WLANs and wxrules live inside
 * their template, and sites reach the template through its site group.
 */
export const VERSIONED_FAMILIES = ["gateway", "switch", "rf", "wireless"] as const;
export type VersionedFamily = (typeof VERSIONED_FAMILIES)[number];

/** What decides whether a family changed between two versions, names included. */
export function familyContent(bp: Blueprint, family: VersionedFamily): unknown {
  switch (family) {
    case "gateway":
      return bp.gateway_template ?? null;
    case "switch":
      return bp.switch_template ?? null;
    case "rf":
      return bp.rf_template ?? null;
    case "wireless":
      return {
        wlan_template: bp.wlan_template ?? null,
        site_group: bp.site_group ?? null,
        wlans: bp.wlans,
        wlan_policies: bp.wlan_policies,
      };
  }
}

/** Mist caps object names at 64 characters; the version suffix must survive a long name. */
const MAX_NAME = 64;
export const versionedName = (name: string, version: number): string => {
  const suffix = ` v${version}`;
  return `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const renamed = <T extends { name: string }>(o: T | undefined, name: string | undefined) =>
  o && name !== undefined ? { ...o, name } : o;

/** The names one family's objects take in Mist. */
interface FamilyNames {
  template?: string;
  /** Wireless only: the site group the WLAN template applies to. */
  sitegroup?: string;
}

function namesOf(bp: Blueprint, family: VersionedFamily): FamilyNames {
  switch (family) {
    case "gateway":
      return { template: bp.gateway_template?.name };
    case "switch":
      return { template: bp.switch_template?.name };
    case "rf":
      return { template: bp.rf_template?.name };
    case "wireless":
      return { template: bp.wlan_template?.name, sitegroup: sitegroupOf(bp) };
  }
}

function withNames(bp: Blueprint, family: VersionedFamily, names: FamilyNames): Blueprint {
  switch (family) {
    case "gateway":
      return { ...bp, gateway_template: renamed(bp.gateway_template, names.template) };
    case "switch":
      return { ...bp, switch_template: renamed(bp.switch_template, names.template) };
    case "rf":
      return { ...bp, rf_template: renamed(bp.rf_template, names.template) };
    case "wireless":
      return {
        ...bp,
        wlan_template: renamed(bp.wlan_template, names.template),
        ...(bp.wlan_template && names.sitegroup ? { site_group: names.sitegroup } : {}),
      };
  }
}

/** The version a new one follows: its blueprint as written, and as it was deployed. */
export interface PreviousVersion {
  source: Blueprint;
  effective: Blueprint;
}

/**
 * The blueprint a version deploys. A site binds to templates by id, so changing a template in
 * place would change every bound site at once. Instead each family that changed gets a new copy
 * named `<name> v<N>` beside the old one, and a rollout rebinds sites wave by wave. A family that
 * did not change keeps the objects (names) its previous version deployed; a family the operator
 * renamed takes the new name as written, since that already is a distinct object. The first
 * version deploys exactly what is written, so sites deployed before versioning keep their digest.
 * Shared org objects (applications, networks, hub profiles, labels, PSKs) cannot be versioned:
 * sites do not bind to them, templates reference them by name.
 */
export function effectiveBlueprint(source: Blueprint, previous: PreviousVersion | undefined): Blueprint {
  if (!previous) return source;
  let effective = source;
  for (const family of VERSIONED_FAMILIES) {
    const unchanged = same(familyContent(source, family), familyContent(previous.source, family));
    const written = namesOf(source, family);
    let names: FamilyNames;
    if (unchanged) names = namesOf(previous.effective, family);
    else if (!same(written, namesOf(previous.source, family))) names = written;
    else
      names = {
        ...(written.template ? { template: versionedName(written.template, source.version) } : {}),
        ...(written.sitegroup ? { sitegroup: versionedName(written.sitegroup, source.version) } : {}),
      };
    effective = withNames(effective, family, names);
  }
  return effective;
}

/** Which families a version changes against the one before it. */
export const changedFamilies = (source: Blueprint, previous: Blueprint): VersionedFamily[] =>
  VERSIONED_FAMILIES.filter((f) => !same(familyContent(source, f), familyContent(previous, f)));
