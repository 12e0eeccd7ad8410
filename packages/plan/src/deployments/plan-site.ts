import type {
  Blueprint,
  BlueprintRef,
  DeploymentRequest,
  PlannedObject,
  SitePlan,
} from "@mistflow/contracts";
import { blueprintVarUsers, desiredBinding, desiredSite, desiredSiteVars } from "@mistflow/desired-state";
import { type IpamConfig, missingVars, type PreviewResult } from "@mistflow/ipam";
import type { InventoryItem, Site } from "@mistflow/mist-client";
import { type BlueprintIds, pendingId, planObject } from "../objects";
import type { MistReader } from "../reader";

export interface SitePlanInput {
  index: number;
  request: DeploymentRequest;
  blueprint: Blueprint;
  ref: BlueprintRef;
  ids: BlueprintIds;
  ip: PreviewResult;
  ipam: IpamConfig;
}

const lower = (s: string) => s.toLowerCase();

/** Sites are matched by name regardless of case, oldest first, as the workers' site directory does. */
async function findSite(mist: MistReader, orgId: string, name: string): Promise<Site | undefined> {
  return (await mist.sites(orgId)).find((s) => lower(s.name) === lower(name));
}

/** Step 1 (site, IP plan, site variables), step 2 (devices) and late binding for one deployment. */
export async function planSite(mist: MistReader, input: SitePlanInput): Promise<SitePlan> {
  const { request, blueprint: bp } = input;
  const orgId = request.org_id;
  const problems: string[] = [];
  const objects: PlannedObject[] = [];
  const site = await findSite(mist, orgId, request.site.name);
  const siteId = site?.id ?? pendingId("site", request.site.name);

  objects.push(planObject("s01", "site", request.site.name, desiredSite(request.site), site));

  let ipPlan: SitePlan["ip_plan"];
  let vars: Record<string, string> | undefined;
  if (request.ip_plan === "adopted") {
    // The site keeps its own addressing: its variables are the request's, IPAM only reserves them.
    if (input.ip.ok && input.ip.preview.allocated) {
      const { zone, index, block } = input.ip.preview;
      ipPlan = { zone, index, block, status: "allocated" };
    }
    vars = { ...request.vars };
  } else if (input.ip.ok) {
    const { zone, index, block, allocated } = input.ip.preview;
    ipPlan = { zone, index, block, status: allocated ? "allocated" : "would_allocate" };
    try {
      vars = desiredSiteVars(input.ipam, zone, index, request.vars);
    } catch (e) {
      problems.push(`site variables: ${(e as Error).message}`);
    }
  } else {
    problems.push(`IP plan: ${input.ip.error.message}`);
  }
  if (vars) {
    const setting = site ? await mist.siteSetting(orgId, site.id) : undefined;
    objects.push(
      planObject(
        "s01",
        "site_vars",
        request.site.name,
        { vars },
        setting ? { vars: setting.vars ?? {} } : undefined,
      ),
    );
    const missing = missingVars(blueprintVarUsers(bp), vars);
    if (missing.length > 0)
      problems.push(
        `late binding would refuse: the blueprint uses site variables this site does not define: ${missing.join(", ")}`,
      );
  }

  objects.push(...(await planDevices(mist, request, siteId, problems)));

  const groups = Array.isArray(site?.sitegroup_ids) ? (site.sitegroup_ids as string[]) : [];
  const binding = desiredBinding({ ...input.ids, current_sitegroup_ids: groups });
  if (Object.keys(binding).length > 0) {
    const planned = planObject("final", "site_binding", request.site.name, binding, site);
    // On a site that does not exist yet, binding is part of making it.
    objects.push(site ? planned : { ...planned, action: "create" });
  }

  return {
    index: input.index,
    org_id: orgId,
    site_name: request.site.name,
    blueprint: input.ref,
    ...(ipPlan ? { ip_plan: ipPlan } : {}),
    objects,
    problems,
  };
}

/**
 * Step 2: claim codes not yet in the inventory would be claimed, then every device assigned to
 * the site. A MAC or serial the inventory does not hold would fail the step, so it is a problem.
 */
async function planDevices(
  mist: MistReader,
  request: DeploymentRequest,
  siteId: string,
  problems: string[],
): Promise<PlannedObject[]> {
  const { claim_codes, macs, serials } = request.devices;
  if (claim_codes.length + macs.length + serials.length === 0) return [];
  const inventory = await mist.inventory(request.org_id);
  const byMagic = new Map(
    inventory.filter((d) => typeof d.magic === "string").map((d) => [String(d.magic), d]),
  );
  const byMac = new Map(inventory.map((d) => [d.mac, d]));
  const bySerial = new Map(inventory.filter((d) => d.serial).map((d) => [String(d.serial), d]));
  const out: PlannedObject[] = [];
  const seen = new Set<string>();
  const assign = (device: InventoryItem) => {
    if (seen.has(device.mac)) return;
    seen.add(device.mac);
    out.push(planObject("s02", "device", device.mac, { site_id: siteId }, device));
  };
  for (const code of claim_codes) {
    const device = byMagic.get(code.replace(/-/g, ""));
    if (device) assign(device);
    else
      out.push({
        step: "s02",
        kind: "device",
        name: code,
        action: "create",
        desired: { site_id: siteId },
        note: "claim code not in the org's inventory: would be claimed, then assigned",
      });
  }
  for (const mac of macs) {
    const device = byMac.get(mac);
    if (device) assign(device);
    else problems.push(`device ${mac} is not in the org's inventory; assigning it would fail`);
  }
  for (const serial of serials) {
    const device = bySerial.get(serial);
    if (device) assign(device);
    else problems.push(`no device with serial ${serial} in the org's inventory`);
  }
  return out;
}
