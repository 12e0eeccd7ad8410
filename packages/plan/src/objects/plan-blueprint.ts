import type { Blueprint, BlueprintPlan, BlueprintRef, PlannedObject, StepId } from "@mistflow/contracts";
import {
  byName,
  desiredApplications,
  desiredHubProfiles,
  desiredLabels,
  desiredNetworks,
  desiredPsks,
  desiredSitegroup,
  desiredWlanPolicies,
  desiredWlans,
  desiredWlanTemplate,
  HUB_PROFILE_QUERY,
  sitegroupOf,
  wlanIdentity,
  wlanPolicyIdentity,
} from "@mistflow/desired-state";
import type { OrgObjectKind } from "@mistflow/mist-client";
import type { MistReader } from "../reader";
import { indexBy, pendingId, planObject } from "./planned-object";

type Body = Record<string, unknown>;

/** Ids late binding would put on each site: real ones when the object exists, placeholders otherwise. */
export interface BlueprintIds {
  gatewaytemplate_id?: string;
  networktemplate_id?: string;
  rftemplate_id?: string;
  sitegroup_id?: string;
}

interface KindPlan {
  objects: PlannedObject[];
  /** The body each object's step would send, secrets included: for comparisons, never for output. */
  bodies: Body[];
  /** identity → Mist id, or a placeholder for an object that would be created. */
  ids: Map<string, string>;
}

/** Steps 3-13 for one blueprint in one org, from the same bodies the workers would send. */
export async function planBlueprint(
  mist: MistReader,
  orgId: string,
  bp: Blueprint,
  ref: BlueprintRef,
): Promise<{ plan: BlueprintPlan; ids: BlueprintIds; bodies: Body[] }> {
  const plan = async (
    step: StepId,
    kind: OrgObjectKind,
    label: string,
    desired: readonly Body[],
    identity: (o: Body) => string,
    name: (o: Body) => string = byName,
    query?: Readonly<Record<string, string>>,
  ): Promise<KindPlan> => {
    const out: KindPlan = { objects: [], bodies: [], ids: new Map() };
    if (desired.length === 0) return out;
    const existing = indexBy(await mist.objects(orgId, kind, query), identity);
    for (const d of desired) {
      const found = existing.get(identity(d));
      out.objects.push(planObject(step, label, name(d), d, found));
      out.bodies.push(d);
      out.ids.set(identity(d), found ? found.id : pendingId(label, name(d)));
    }
    return out;
  };
  const single = (step: StepId, kind: OrgObjectKind, label: string, template: Body | undefined) =>
    plan(step, kind, label, template ? [template] : [], byName);

  const [applications, networks, hubProfiles, gateway, switchTemplate, rf, sitegroup] = await Promise.all([
    plan("s03", "services", "application", desiredApplications(bp), byName),
    plan("s04", "networks", "network", desiredNetworks(bp), byName),
    plan("s05", "deviceprofiles", "hub_profile", desiredHubProfiles(bp), byName, byName, HUB_PROFILE_QUERY),
    single("s06", "gatewaytemplates", "gateway_template", bp.gateway_template),
    single("s07", "networktemplates", "switch_template", bp.switch_template),
    single("s09", "rftemplates", "rf_template", bp.rf_template),
    bp.wlan_template ? single("s08", "sitegroups", "sitegroup", desiredSitegroup(bp)) : undefined,
  ]);
  const groupName = sitegroupOf(bp);
  const sitegroupId = sitegroup?.ids.get(groupName);
  const wlanTemplateBody = sitegroupId ? desiredWlanTemplate(bp, sitegroupId) : undefined;
  const wlanTemplate = await single("s08", "templates", "wlan_template", wlanTemplateBody);
  const templateId = bp.wlan_template ? wlanTemplate.ids.get(bp.wlan_template.name) : undefined;

  const ssidOf = (o: Body) => String(o.ssid);
  const wlans = templateId
    ? await plan("s10", "wlans", "wlan", desiredWlans(bp, templateId), wlanIdentity, ssidOf)
    : undefined;
  const wlanId = (ssid: string) =>
    (templateId && wlans?.ids.get(wlanIdentity({ template_id: templateId, ssid }))) ??
    pendingId("wlan", ssid);
  const labels = await plan("s11", "wxtags", "label", desiredLabels(bp, wlanId), byName);
  const tagId = (name: string) => labels.ids.get(name) ?? pendingId("label", name);
  const policies = templateId
    ? await plan(
        "s12",
        "wxrules",
        "wlan_policy",
        desiredWlanPolicies(bp, templateId, tagId),
        wlanPolicyIdentity,
        (o) => `order ${String(o.order)}`,
      )
    : undefined;
  const psks = await plan("s13", "psks", "psk", desiredPsks(bp), byName);

  const kinds = [
    applications,
    networks,
    hubProfiles,
    gateway,
    switchTemplate,
    sitegroup,
    wlanTemplate,
    rf,
    wlans,
    labels,
    policies,
    psks,
  ];
  const objects = kinds.flatMap((k) => k?.objects ?? []);
  const bodies = kinds.flatMap((k) => k?.bodies ?? []);
  const idOf = (k: KindPlan, name: string | undefined) => (name ? k.ids.get(name) : undefined);
  const ids: BlueprintIds = {};
  const gatewayId = idOf(gateway, bp.gateway_template?.name);
  const switchId = idOf(switchTemplate, bp.switch_template?.name);
  const rfId = idOf(rf, bp.rf_template?.name);
  if (gatewayId) ids.gatewaytemplate_id = gatewayId;
  if (switchId) ids.networktemplate_id = switchId;
  if (rfId) ids.rftemplate_id = rfId;
  if (sitegroupId) ids.sitegroup_id = sitegroupId;
  return { plan: { org_id: orgId, blueprint: ref, objects }, ids, bodies };
}
