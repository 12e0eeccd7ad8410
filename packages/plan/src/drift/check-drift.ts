import type {
  DeploymentRequest,
  DriftObject,
  DriftReport,
  DriftSite,
  MistMadeChange,
  PlanFieldChange,
  SiteBinding,
} from "@mistflow/contracts";
import type { BlueprintRegistry, DeploymentStore } from "@mistflow/deployments";
import { BOUND_TEMPLATE_FIELDS, desiredSiteVars, diffDesired } from "@mistflow/desired-state";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import { type Site, selfDriving as selfDrivingOf } from "@mistflow/mist-client";
import { type BlueprintIds, planBlueprint, redactChange } from "../objects";
import type { MistReader } from "../reader";
import { MARVIS_LOOKBACK_DAYS, splitMistMade } from "./mist-made";

export interface DriftDeps {
  registry: BlueprintRegistry;
  store: DeploymentStore;
  ipam: { allocator: IpamAllocator; config: IpamConfig };
}

/** Plan kinds that are one copy per org whatever the version: the newest version in use says how they must be. */
const SHARED_KINDS = new Set(["application", "network", "hub_profile", "label", "psk"]);

const isRealId = (id: string | undefined): id is string => id !== undefined && !id.startsWith("<");

/** The deployment request that built a bound site: what its site variables were made from. */
async function requestOf(deps: DriftDeps, b: SiteBinding): Promise<DeploymentRequest | undefined> {
  for (const id of [b.deployment_id, b.bound_by]) {
    if (!id) continue;
    try {
      return (await deps.store.get(id)).request;
    } catch {
      // A rollout id, or a record that expired: look the site up instead.
    }
  }
  const built = (await deps.store.deploymentsOfSite(b.site_id)).find((d) => d.siteStepDone);
  return built ? (await deps.store.get(built.id)).request : undefined;
}

/** The variables step 1 wrote: the IP plan's block with the request's overrides, or the request's own. */
async function recordedVars(deps: DriftDeps, b: SiteBinding): Promise<Record<string, string> | undefined> {
  const request = await requestOf(deps, b);
  if (!request) return undefined;
  if (request.ip_plan === "adopted") return { ...request.vars };
  const held = await deps.ipam.allocator.get(request.site.name);
  if (!held) return undefined;
  return desiredSiteVars(deps.ipam.config, held.zone, held.index, request.vars);
}

function bindingChanges(site: Site & Record<string, unknown>, ids: BlueprintIds): PlanFieldChange[] {
  const changes: PlanFieldChange[] = [];
  for (const field of BOUND_TEMPLATE_FIELDS) {
    const desired = ids[field] ?? null;
    // A template missing from Mist is reported as a missing object, not as every site's binding.
    if (desired !== null && !isRealId(desired)) continue;
    const current = typeof site[field] === "string" && site[field] !== "" ? site[field] : null;
    if (current !== desired) changes.push({ path: field, current, desired });
  }
  const groups = Array.isArray(site.sitegroup_ids) ? (site.sitegroup_ids as string[]) : [];
  if (isRealId(ids.sitegroup_id) && !groups.includes(ids.sitegroup_id))
    changes.push({ path: "sitegroup_ids", current: groups, desired: [...groups, ids.sitegroup_id] });
  return changes;
}

/**
 * Live Mist against what mistflow recorded, for one org: every org object of each blueprint
 * version a site is bound to (as that version's steps would make it), and per bound site its
 * template bindings, its membership of the version's site group and its site variables. Reads
 * only, through `mist`. Shared objects are compared with the newest version in use, which is
 * what a rollout put there; Mist's masked secrets and defaults count as `unknown`, not drift.
 * With Marvis self-driving on, what Marvis changed is listed as `mist_made`, not as drift
 * (docs/preflight.md), so converge, which re-deploys drifted sites only, leaves it alone.
 */
export async function checkDrift(deps: DriftDeps, mist: MistReader, orgId: string): Promise<DriftReport> {
  const bindings: SiteBinding[] = [];
  for (const name of await deps.registry.names())
    bindings.push(...(await deps.registry.bindings(name)).filter((b) => b.org_id === orgId));

  const inUse = new Map<string, { name: string; version: number }>();
  for (const b of bindings)
    inUse.set(`${b.blueprint}|${b.version}`, { name: b.blueprint, version: b.version });
  // Newest first, so a shared object is judged by the newest version that uses it.
  const versions = [...inUse.values()].sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version);

  const objects: DriftObject[] = [];
  const seen = new Set<string>();
  const idsOf = new Map<string, BlueprintIds>();
  let checked = 0;
  for (const { name, version } of versions) {
    const loaded = await deps.registry.resolve(name, version);
    if (!loaded) continue;
    const { plan, ids } = await planBlueprint(mist, orgId, loaded.blueprint, loaded.ref);
    idsOf.set(`${name}|${version}`, ids);
    for (const o of plan.objects) {
      const key = SHARED_KINDS.has(o.kind) ? `${o.kind}|${o.name}` : `${o.kind}|${o.name}|${o.mist_id ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checked++;
      if (o.action === "unchanged") continue;
      objects.push({
        blueprint: name,
        version,
        kind: o.kind,
        name: o.name,
        state: o.action === "create" ? "missing" : "drifted",
        ...(o.mist_id ? { mist_id: o.mist_id } : {}),
        ...(o.changes ? { changes: o.changes } : {}),
        ...(o.unknown ? { unknown: o.unknown } : {}),
      });
    }
  }

  const live = new Map((await mist.sites(orgId)).map((s) => [s.id, s as Site & Record<string, unknown>]));
  const sites: DriftSite[] = [];
  const mistMade: MistMadeChange[] = [];
  // Marvis's actions are read only when self-driving is on: one search per bound site.
  const selfDriving =
    bindings.length > 0 && Object.values(selfDrivingOf(await mist.orgSetting(orgId))).some((on) => on);
  for (const b of bindings) {
    const base = { site_id: b.site_id, site_name: b.site_name, blueprint: b.blueprint, version: b.version };
    const site = live.get(b.site_id);
    if (!site) {
      sites.push({ ...base, state: "missing", changes: [], note: "the site is gone from Mist" });
      continue;
    }
    const ids = idsOf.get(`${b.blueprint}|${b.version}`) ?? {};
    const changes = bindingChanges(site, ids);
    const unknown: string[] = [];
    const vars = await recordedVars(deps, b);
    if (vars) {
      const setting = await mist.siteSetting(orgId, b.site_id);
      const diff = diffDesired({ vars }, { vars: setting.vars ?? {} });
      changes.push(...diff.changes.map(redactChange));
      unknown.push(...diff.unknown);
    }
    let drift = changes;
    if (selfDriving) {
      const actions = await mist.marvisActions(orgId, b.site_id, MARVIS_LOOKBACK_DAYS);
      const split = splitMistMade({ site_id: b.site_id, site_name: b.site_name }, changes, actions);
      drift = split.drift;
      mistMade.push(...split.mistMade);
    }
    if (drift.length > 0)
      sites.push({ ...base, state: "drifted", changes: drift, ...(unknown.length > 0 ? { unknown } : {}) });
  }

  return {
    org_id: orgId,
    checked_at: new Date().toISOString(),
    objects,
    sites,
    mist_made: mistMade,
    summary: {
      objects_checked: checked,
      objects_drifted: objects.length,
      sites_checked: bindings.length,
      sites_drifted: sites.length,
    },
    reads: mist.reads,
  };
}

/** Orgs that have sites bound to a blueprint: what the scheduled check covers. */
export async function boundOrgs(registry: BlueprintRegistry): Promise<string[]> {
  const orgs = new Set<string>();
  for (const name of await registry.names())
    for (const b of await registry.bindings(name)) orgs.add(b.org_id);
  return [...orgs].sort();
}
