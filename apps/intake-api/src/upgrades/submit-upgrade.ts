import type { UpgradeRequest } from "@mistflow/contracts";
import {
  autoUpgradeForSites,
  isMistApiError,
  isNoTokenError,
  type MistClient,
  siteNames,
  type TokenPool,
} from "@mistflow/mist-client";
import { buildUpgradeFlow } from "@mistflow/queues";
import {
  newUpgradeId,
  planWaves,
  type StoredUpgradeRequest,
  type UpgradeStore,
  type UpgradeView,
} from "@mistflow/upgrades";
import type { FlowProducer, Queue } from "bullmq";
import { ApiError } from "../errors";
import { resolveTargets } from "./resolve-targets";

export interface UpgradeDeps {
  store: UpgradeStore;
  flows: FlowProducer;
  /** The day2 queue: abort wakes a parked wave through it. */
  day2: Queue;
  mist?: TokenPool;
}

/** Mist trouble while checking a request is not the caller's fault: 502, nothing recorded. */
function mistUnavailable(e: unknown): never {
  if (isNoTokenError(e))
    throw new ApiError(422, "validation_failed", `org_id: ${e.message}`, [
      { field: "org_id", message: e.message },
    ]);
  if (isMistApiError(e)) {
    throw new ApiError(502, "mist_unavailable", `could not check the request with Mist: ${e.message}`);
  }
  throw e;
}

/**
 * Mist's own AP auto-upgrade would race the canary waves (docs/preflight.md): with it on for any
 * target site (or org-wide) the request is refused, naming the sites, before anything is recorded.
 */
async function refuseAutoUpgrade(mist: MistClient, req: UpgradeRequest, siteIds: readonly string[]) {
  const on = await autoUpgradeForSites(mist, req.org_id, siteIds);
  if (on.sites.length === 0) return;
  const where = on.org_wide ? "org-wide" : `at ${on.sites.length} target site(s)`;
  throw new ApiError(
    409,
    "auto_upgrade_on",
    `AP auto-upgrade is on ${where} (${siteNames(on.sites)}): turn it off or set override_auto_upgrade: true`,
  );
}

/** Check with Mist, record, then enqueue the chain of waves. */
export async function submitUpgrade(deps: UpgradeDeps, req: UpgradeRequest): Promise<UpgradeView> {
  if (!deps.mist) throw new ApiError(503, "unavailable", "no Mist token is configured on this server");
  let targets: Awaited<ReturnType<typeof resolveTargets>>;
  try {
    const mist = await deps.mist.clientFor(req.org_id);
    targets = await resolveTargets(mist, req);
    if (req.device_type === "ap" && !req.override_auto_upgrade)
      await refuseAutoUpgrade(mist, req, targets.sites);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    mistUnavailable(e);
  }
  const plan = planWaves(targets.sites, req.waves);
  const { sites: _sites, sitegroup_id, ...rest } = req;
  const stored: StoredUpgradeRequest = {
    ...rest,
    sites: targets.sites,
    models: targets.models,
    ...(sitegroup_id ? { sitegroup_id } : {}),
  };
  const id = newUpgradeId();
  await deps.store.create({ id, org_id: req.org_id, request: stored, plan });
  await deps.flows.add(buildUpgradeFlow(id, 0, 1, plan.length));
  await deps.store.markEnqueued(id, 0);
  return deps.store.get(id);
}
