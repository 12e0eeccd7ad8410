import type {
  DecommissionAction,
  DecommissionPlan,
  DeploymentView,
  StoredDecommissionRequest,
} from "@mistflow/contracts";
import { desiredUnbinding } from "@mistflow/desired-state";
import type { IpamAllocator } from "@mistflow/ipam";
import type { MistClient, Site } from "@mistflow/mist-client";

const ORG_OBJECTS_KEPT =
  "applications, networks, hub profiles, gateway/switch/RF/WLAN templates, WLANs, labels, WLAN policies and PSKs are shared by other sites: a decommission never deletes them";

export interface PlanInput {
  mist: MistClient;
  ipam: IpamAllocator | undefined;
  site: Site;
  deployment: DeploymentView;
  request: StoredDecommissionRequest;
  nowMs: number;
}

/**
 * What a decommission will do, read from Mist and IPAM as they are now (GETs only). Every action
 * is listed in the order the teardown runs it, with `keep` entries for what it deliberately
 * leaves, so the plan is the whole answer to "what happens to this site".
 */
export async function planDecommission(input: PlanInput): Promise<DecommissionPlan> {
  const { mist, site, deployment, request } = input;
  const actions: DecommissionAction[] = [];
  let writes = 0;
  const siteTarget = `site ${site.id} (${site.name})`;

  const group = deployment.steps.s08.mist_ids.sitegroup_id;
  const u = desiredUnbinding(site, typeof group === "string" ? group : undefined);
  for (const [field, id] of Object.entries(u.templates)) {
    actions.push({ step: "unbind", action: "update", target: siteTarget, detail: `unbind ${field} ${id}` });
  }
  if (u.leftSitegroup) {
    actions.push({
      step: "unbind",
      action: "update",
      target: siteTarget,
      detail: `leave site group ${u.leftSitegroup} (its WLAN template stops applying)`,
    });
  }
  for (const g of u.keptSitegroups) {
    actions.push({
      step: "unbind",
      action: "keep",
      target: siteTarget,
      detail: `stays in site group ${g}, which mistflow did not add`,
    });
  }
  if (Object.keys(u.patch).length > 0) writes++;
  else actions.push({ step: "unbind", action: "keep", target: siteTarget, detail: "nothing is bound" });

  const devices = await mist.inventory.siteDevices(deployment.org_id, site.id);
  for (const d of devices) {
    const what = [d.type, d.model, d.serial ? `serial ${d.serial}` : undefined].filter(Boolean).join(" ");
    actions.push({
      step: "unassign_devices",
      action: "unassign",
      target: `device ${d.mac}`,
      detail: `${what}: unassigned from the site${request.release_devices ? "" : ", stays claimed in the org inventory"}`,
    });
    if (request.release_devices) {
      actions.push({
        step: "unassign_devices",
        action: "unclaim",
        target: `device ${d.mac}`,
        detail: "released from the org inventory: claiming it again needs its claim code",
      });
    }
  }
  if (devices.length > 0) writes += request.release_devices ? 2 : 1;
  else
    actions.push({
      step: "unassign_devices",
      action: "keep",
      target: siteTarget,
      detail: "no devices are assigned",
    });

  if (request.delete_site) {
    actions.push({
      step: "delete_site",
      action: "delete",
      target: siteTarget,
      detail: "delete the site, with its settings and site variables",
    });
    writes++;
  } else {
    actions.push({
      step: "delete_site",
      action: "keep",
      target: siteTarget,
      detail: "the site stays in Mist, empty (send delete_site: true to delete it)",
    });
  }

  const allocation = await input.ipam?.get(deployment.request.site.name);
  if (allocation) {
    const until = new Date(input.nowMs + request.quarantine_seconds * 1000).toISOString();
    actions.push({
      step: "release_ip_block",
      action: "quarantine",
      target: `ip block ${allocation.block}`,
      detail: `held for ${request.quarantine_seconds} s (until about ${until}): no new site gets it while routes or DHCP leases may still point at it`,
    });
    actions.push({
      step: "release_ip_block",
      action: "release",
      target: `ip block ${allocation.block}`,
      detail: "freed for a new site when the quarantine ends",
    });
  } else {
    actions.push({
      step: "release_ip_block",
      action: "keep",
      target: "ip block",
      detail: "the site holds no IPAM block",
    });
  }

  actions.push({
    step: "close_record",
    action: "record",
    target: `deployment ${deployment.id}`,
    detail: "status becomes decommissioned",
  });
  actions.push({ step: "close_record", action: "keep", target: "org objects", detail: ORG_OBJECTS_KEPT });

  return {
    site_id: site.id,
    site_name: site.name,
    org_id: deployment.org_id,
    deployment_id: deployment.id,
    actions,
    writes,
  };
}
