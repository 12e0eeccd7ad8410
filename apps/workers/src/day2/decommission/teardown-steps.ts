import type { DecommissionStepId, DecommissionView, DeploymentView } from "@mistflow/contracts";
import type { BlueprintRegistry, DecommissionStore, DeploymentStore } from "@mistflow/deployments";
import { desiredUnbinding } from "@mistflow/desired-state";
import type { IpamAllocator } from "@mistflow/ipam";
import { isMistNotFoundError, type MistClient } from "@mistflow/mist-client";
import { StepFailure } from "@mistflow/worker-runtime";
import type { SiteDirectory } from "../../catalog";

interface TeardownContext {
  view: DecommissionView;
  deployment: DeploymentView;
  mist: MistClient;
  store: DecommissionStore;
  deployments: DeploymentStore;
  /** The site leaves its blueprint's bindings: no rollout or drift check may touch it again. */
  registry: BlueprintRegistry;
  ipam: IpamAllocator;
  sites: SiteDirectory;
  nowMs: number;
}

/** `wait_ms`: the step is not due yet (the IP quarantine); the job parks that long and runs again. */
interface TeardownOutcome {
  note: string;
  /** Record fields the step leaves for later steps and readers. */
  fields?: Record<string, string>;
  waitMs?: number;
}

export type TeardownStep = (ctx: TeardownContext) => Promise<TeardownOutcome>;

/** The IPAM holder of a quarantined block: not a site name anyone deploys, and it names the decommission. */
const quarantineHolder = (decommissionId: string): string => `quarantine:${decommissionId}`;

const notFoundIsGone = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await call();
  } catch (e) {
    if (isMistNotFoundError(e)) return undefined;
    throw e;
  }
};

/** Reverse of late binding: the site loses its templates and leaves the blueprint's site group. */
const unbind: TeardownStep = async ({ view, deployment, mist, registry }) => {
  await registry.unbind(view.site_id);
  const site = await notFoundIsGone(() => mist.sites.get(view.site_id));
  if (!site) return { note: "the site is already gone from Mist" };
  const group = deployment.steps.s08.mist_ids.sitegroup_id;
  const u = desiredUnbinding(site, typeof group === "string" ? group : undefined);
  if (Object.keys(u.patch).length === 0) return { note: "nothing was bound" };
  // The site's name goes with every update: the spec's request schema requires it.
  await mist.sites.update(view.site_id, { name: site.name, ...u.patch });
  const what = Object.keys(u.templates).length;
  return {
    note: `unbound ${what} template(s)${u.leftSitegroup ? ` and left site group ${u.leftSitegroup}` : ""}`,
  };
};

/**
 * The site's devices are unassigned (they stay claimed), and released from the org inventory only
 * when the request says so. The MACs are recorded before the first write, so a re-delivered job
 * still releases a device that an earlier attempt had already unassigned.
 */
const unassignDevices: TeardownStep = async ({ view, mist, store }) => {
  const assigned = (await mist.inventory.siteDevices(view.org_id, view.site_id)).map((d) => d.mac);
  const current = await store.get(view.id);
  const known = new Set<string>([...(current.devices ?? []), ...assigned]);
  const macs = [...known].sort();
  if (macs.length > 0 && (current.devices ?? []).length !== macs.length) {
    await store.write(view.id, view.generation, { devices: JSON.stringify(macs) });
  }
  if (assigned.length > 0) {
    const r = await mist.inventory.unassign(view.org_id, assigned);
    if (r.error.length > 0) {
      throw new StepFailure(`Mist could not unassign ${r.error.join(", ")}: ${r.reason.join("; ")}`);
    }
  }
  if (!view.request.release_devices) {
    return { note: `${assigned.length} device(s) unassigned; all stay claimed in the org inventory` };
  }
  if (macs.length === 0) return { note: "no devices to release" };
  const r = await mist.inventory.release(view.org_id, macs);
  // A device an earlier attempt released is no longer in the inventory: that is the goal.
  const real = r.error.filter((_, i) => !/not found/i.test(r.reason[i] ?? ""));
  if (real.length > 0) {
    throw new StepFailure(`Mist could not release ${real.join(", ")}: ${r.reason.join("; ")}`);
  }
  return { note: `${assigned.length} device(s) unassigned; ${macs.length} released from the org inventory` };
};

const deleteSite: TeardownStep = async ({ view, mist, sites }) => {
  if (!view.request.delete_site) return { note: "kept, empty (delete_site was not asked for)" };
  const gone = (await notFoundIsGone(() => mist.sites.delete(view.site_id).then(() => true))) === undefined;
  // The workers' site directory must not hand the deleted site's id to a later deployment.
  await sites.forget(view.org_id);
  return { note: gone ? "the site was already gone" : "deleted" };
};

/**
 * The block passes to a quarantine holder at once (a new site, even one of the same name, gets
 * another block), and is released when the quarantine ends: routes and DHCP leases may still
 * point at it until then.
 */
const releaseIpBlock: TeardownStep = async ({ view, deployment, ipam, nowMs }) => {
  const holder = quarantineHolder(view.id);
  // Once the block has passed, the site's name may already hold a new site's block: never again.
  const held =
    (await ipam.get(holder)) ??
    (view.ip_block ? undefined : await ipam.transfer(deployment.request.site.name, holder));
  if (!held) {
    return { note: view.ip_block ? `IP block ${view.ip_block} released` : "the site held no IP block" };
  }
  const untilMs = view.quarantine_until
    ? Date.parse(view.quarantine_until)
    : nowMs + view.request.quarantine_seconds * 1000;
  const fields = { ip_block: held.block, quarantine_until: new Date(untilMs).toISOString() };
  if (untilMs > nowMs) {
    return {
      note: `IP block ${held.block} quarantined until ${fields.quarantine_until}`,
      fields,
      waitMs: untilMs - nowMs,
    };
  }
  await ipam.release(holder);
  return { note: `IP block ${held.block} released after its quarantine`, fields };
};

/** Every deployment that built this site ends `decommissioned`, not only the newest. */
const closeRecord: TeardownStep = async ({ view, deployments }) => {
  // Only those from before the decommission: a later one rebuilt the emptied site and is live.
  const started = Date.parse(view.created_at);
  const built = (await deployments.deploymentsOfSite(view.site_id)).filter(
    (d) => d.siteStepDone && d.created_ms <= started,
  );
  const ids = [...new Set([view.deployment_id, ...built.map((d) => d.id)])];
  for (const id of ids) await deployments.markDecommissioned(id);
  return { note: `deployment(s) ${ids.join(", ")} decommissioned` };
};

export const TEARDOWN_STEPS: Readonly<Record<DecommissionStepId, TeardownStep>> = {
  unbind,
  unassign_devices: unassignDevices,
  delete_site: deleteSite,
  release_ip_block: releaseIpBlock,
  close_record: closeRecord,
};
