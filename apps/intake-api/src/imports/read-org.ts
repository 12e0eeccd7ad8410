import type { MistObject, OrgSnapshot } from "@mistflow/blueprints";
import { HUB_PROFILE_QUERY } from "@mistflow/desired-state";
import type { OrgObjectKind } from "@mistflow/mist-client";
import type { MistReader } from "@mistflow/plan";

/** Site settings are read this many at a time: quick, without a burst on the shared budget. */
const SETTINGS_CONCURRENCY = 8;

/**
 * Everything an import needs from one org, through the plan's read-only Mist reader: lists of
 * every object kind and each site's settings. No call here can write.
 */
export async function readOrg(mist: MistReader, orgId: string): Promise<OrgSnapshot> {
  const list = async (kind: OrgObjectKind, query?: Readonly<Record<string, string>>) =>
    (await mist.objects(orgId, kind, query)) as MistObject[];
  const [
    sites,
    services,
    networks,
    hubProfiles,
    gatewaytemplates,
    networktemplates,
    templates,
    rftemplates,
    wlans,
    wxtags,
    wxrules,
    psks,
    sitegroups,
  ] = await Promise.all([
    mist.sites(orgId) as Promise<MistObject[]>,
    list("services"),
    list("networks"),
    list("deviceprofiles", HUB_PROFILE_QUERY),
    list("gatewaytemplates"),
    list("networktemplates"),
    list("templates"),
    list("rftemplates"),
    list("wlans"),
    list("wxtags"),
    list("wxrules"),
    list("psks"),
    list("sitegroups"),
  ]);
  const vars: Record<string, Record<string, string>> = {};
  let next = 0;
  const work = async () => {
    while (next < sites.length) {
      const site = sites[next++] as MistObject;
      vars[site.id] = { ...((await mist.siteSetting(orgId, site.id)).vars ?? {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETTINGS_CONCURRENCY, sites.length) }, work));
  return {
    org_id: orgId,
    sites,
    vars,
    services,
    networks,
    hub_profiles: hubProfiles,
    gatewaytemplates,
    networktemplates,
    templates,
    rftemplates,
    wlans,
    wxtags,
    wxrules,
    psks,
    sitegroups,
  };
}
