import {
  DEFAULT_QUARANTINE_SECONDS,
  type DecommissionPlan,
  type DecommissionRequest,
  type DecommissionView,
  type DeploymentView,
  type RequestedBy,
  type StoredDecommissionRequest,
} from "@mistflow/contracts";
import {
  canonicalJson,
  type DecommissionStore,
  type DeploymentStore,
  type ImportStore,
  newDecommissionId,
} from "@mistflow/deployments";
import type { IpamAllocator } from "@mistflow/ipam";
import {
  isMistApiError,
  isMistNotFoundError,
  isNoTokenError,
  type MistClient,
  type Site,
  type TokenPool,
} from "@mistflow/mist-client";
import { buildDecommissionFlow } from "@mistflow/queues";
import { ENDED_ROLLOUT_STATUSES, type RolloutStore, type UpgradeStore } from "@mistflow/upgrades";
import type { FlowProducer } from "bullmq";
import { ApiError } from "../errors";
import { planDecommission } from "./plan-decommission";

export interface DecommissionDeps {
  store: DeploymentStore;
  decommissions: DecommissionStore;
  flows: FlowProducer;
  mist?: TokenPool;
  ipam?: IpamAllocator;
  /** Running firmware rollouts that cover the site refuse a decommission. */
  upgrades?: UpgradeStore;
  /** So do blueprint rollouts that have not ended: a wave could rebind the site under the teardown. */
  rollouts?: RolloutStore;
  /** Adoptions from brownfield imports: a site adopted but never deployed gets a pointed answer. */
  imports?: ImportStore;
  /** Quarantine of a released IP block when the request names none (`DECOMMISSION_QUARANTINE_S`). */
  quarantineSeconds?: number;
}

export type DecommissionOutcome =
  | { kind: "plan"; plan: DecommissionPlan }
  | { kind: "accepted"; created: boolean; view: DecommissionView };

/** How many of the newest rollouts are checked for the site: older ones have long ended. */
const UPGRADES_CHECKED = 500;

function mistTrouble(e: unknown): never {
  if (e instanceof ApiError) throw e;
  if (isNoTokenError(e))
    throw new ApiError(503, "unavailable", `no Mist token for this site's org: ${e.message}`);
  if (isMistApiError(e))
    throw new ApiError(502, "mist_unavailable", `could not read the site from Mist: ${e.message}`);
  throw e;
}

/** The deployment that built the site, refusing while any deployment of it is still at work. */
async function deploymentOf(deps: DecommissionDeps, siteId: string): Promise<DeploymentView> {
  const all = await deps.store.deploymentsOfSite(siteId);
  const busy = all.find((d) => d.status === "queued" || d.status === "running");
  if (busy) {
    throw new ApiError(
      409,
      "site_busy",
      `deployment ${busy.id} of this site is ${busy.status}; wait for it to end (or cancel it) before decommissioning`,
    );
  }
  const built = all.find((d) => d.siteStepDone);
  const adoption = built ? undefined : await deps.imports?.adoption(siteId);
  if (adoption) {
    throw new ApiError(
      404,
      "not_found",
      `site ${siteId} was adopted by import ${adoption.import_id} but has no mistflow deployment yet: deploy its adoption request (the import's adoptions[].request) first, then decommission it`,
    );
  }
  if (!built) {
    throw new ApiError(
      404,
      "not_found",
      `site ${siteId} has no mistflow deployment: only sites mistflow deployed or adopted can be decommissioned`,
    );
  }
  return deps.store.get(built.id);
}

async function refuseWhileUpgrading(deps: DecommissionDeps, siteId: string): Promise<void> {
  await refuseWhileRollingOut(deps, siteId);
  if (!deps.upgrades) return;
  const upgrades = deps.upgrades;
  const ids = await upgrades.list(UPGRADES_CHECKED);
  const cores = await Promise.all(ids.map((id) => upgrades.core(id).catch(() => undefined)));
  const running = cores.find(
    (c) => c && (c.status === "queued" || c.status === "running") && c.request.sites.includes(siteId),
  );
  if (running) {
    throw new ApiError(
      409,
      "site_busy",
      `firmware upgrade ${running.id} covering this site is ${running.status}; abort it or wait for it to end`,
    );
  }
}

async function refuseWhileRollingOut(deps: DecommissionDeps, siteId: string): Promise<void> {
  const rollouts = deps.rollouts;
  if (!rollouts) return;
  const ids = await rollouts.list(UPGRADES_CHECKED);
  const cores = await Promise.all(ids.map((id) => rollouts.core(id).catch(() => undefined)));
  const running = cores.find(
    (c) =>
      c &&
      !ENDED_ROLLOUT_STATUSES.includes(c.status) &&
      c.plan.waves.some((w) => w.site_ids.includes(siteId)),
  );
  if (running) {
    throw new ApiError(
      409,
      "site_busy",
      `blueprint rollout ${running.id} covering this site is ${running.status}; abort or roll it back, or wait for it to end`,
    );
  }
}

async function readSite(mist: MistClient, siteId: string): Promise<Site> {
  try {
    return await mist.sites.get(siteId);
  } catch (e) {
    if (isMistNotFoundError(e)) {
      throw new ApiError(
        404,
        "not_found",
        `site ${siteId} is not in Mist any more; nothing to decommission there`,
      );
    }
    throw e;
  }
}

const sameRequest = (a: StoredDecommissionRequest, b: StoredDecommissionRequest) => {
  const { requested_by: _a, ...x } = a;
  const { requested_by: _b, ...y } = b;
  return canonicalJson(x) === canonicalJson(y);
};

/**
 * Plan, then (unless a dry run) record and enqueue the teardown. A second request for a site
 * whose decommission is unfinished answers that decommission when it asks the same (a client
 * retry), resumes it when it failed, and is a 409 when it asks something else.
 */
export async function submitDecommission(
  deps: DecommissionDeps,
  siteId: string,
  req: DecommissionRequest,
  requestedBy?: RequestedBy,
): Promise<DecommissionOutcome> {
  if (!deps.mist) throw new ApiError(503, "unavailable", "no Mist token is configured on this server");
  const { dry_run: dryRun, quarantine_seconds, ...rest } = req;
  const stored: StoredDecommissionRequest = {
    ...rest,
    quarantine_seconds: quarantine_seconds ?? deps.quarantineSeconds ?? DEFAULT_QUARANTINE_SECONDS,
    ...(requestedBy ? { requested_by: requestedBy } : {}),
  };

  const activeId = await deps.decommissions.activeFor(siteId);
  if (activeId && !dryRun) {
    const active = await deps.decommissions.get(activeId);
    if (!sameRequest(active.request, stored)) {
      throw new ApiError(
        409,
        "site_busy",
        `decommission ${activeId} of this site is ${active.status} with other options; wait for it or follow it at /v1/decommissions/${activeId}`,
      );
    }
    return { kind: "accepted", created: false, view: await resumeOrFinish(deps, active) };
  }

  const deployment = await deploymentOf(deps, siteId);
  await refuseWhileUpgrading(deps, siteId);
  let plan: DecommissionPlan;
  try {
    const mist = await deps.mist.clientFor(deployment.org_id);
    const site = await readSite(mist, siteId);
    plan = await planDecommission({
      mist,
      ipam: deps.ipam,
      site,
      deployment,
      request: stored,
      nowMs: Date.now(),
    });
  } catch (e) {
    mistTrouble(e);
  }
  if (dryRun) return { kind: "plan", plan };

  const created = await deps.decommissions.create({
    id: newDecommissionId(),
    site_id: siteId,
    site_name: plan.site_name,
    org_id: deployment.org_id,
    deployment_id: deployment.id,
    deployment_site_name: deployment.request.site.name,
    request: stored,
    plan,
  });
  if (created.status === "busy") {
    throw new ApiError(409, "site_busy", `decommission ${created.active_id} of this site has just started`);
  }
  await deps.store.markDecommissioning(deployment.id, created.view.id);
  await deps.flows.add(buildDecommissionFlow(created.view.id, 0));
  await deps.decommissions.markEnqueued(created.view.id, 0);
  return { kind: "accepted", created: true, view: await deps.decommissions.get(created.view.id) };
}

/** A failed decommission starts its next generation; one whose chain never reached BullMQ gets it now. */
export async function resumeOrFinish(
  deps: DecommissionDeps,
  view: DecommissionView,
): Promise<DecommissionView> {
  if (view.status === "failed") {
    // A deployment of the site may have started since the failure: resuming would tear down under it.
    await deploymentOf(deps, view.site_id);
    await refuseWhileUpgrading(deps, view.site_id);
    const generation = await deps.decommissions.resume(view.id);
    if (generation !== undefined) {
      await deps.flows.add(buildDecommissionFlow(view.id, generation));
      await deps.decommissions.markEnqueued(view.id, generation);
    }
    return deps.decommissions.get(view.id);
  }
  if (!(await deps.decommissions.isEnqueued(view.id, view.generation))) {
    await deps.store.markDecommissioning(view.deployment_id, view.id);
    await deps.flows.add(buildDecommissionFlow(view.id, view.generation));
    await deps.decommissions.markEnqueued(view.id, view.generation);
  }
  return view;
}
