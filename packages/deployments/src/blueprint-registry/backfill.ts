import type { DeploymentView, SiteBinding } from "@mistflow/contracts";
import type { DeploymentStore } from "../store";
import type { BlueprintRegistry } from "./blueprint-registry";

const PAGE = 200;

/** The binding a deployment's late binding gives its site; undefined before step 1 found the site. */
export function deploymentBinding(view: DeploymentView, boundAt: string): SiteBinding | undefined {
  const siteId = view.steps.s01.mist_ids.site_id;
  if (typeof siteId !== "string") return undefined;
  return {
    org_id: view.org_id,
    site_id: siteId,
    site_name: view.site_name,
    blueprint: view.blueprint.name,
    version: view.blueprint.version,
    digest: view.blueprint.digest,
    bound_by: view.id,
    deployment_id: view.id,
    bound_at: boundAt,
  };
}

/**
 * Sites deployed before the registry existed have no binding, so no rollout or drift check would
 * see them. Their newest succeeded deployment says which version they run: when that version is
 * registered with the same content digest, the site is bound to it. Runs once per Redis (a flag
 * in the registry), newest deployments first, so a site's latest deployment wins.
 */
export async function backfillBindings(
  store: DeploymentStore,
  registry: BlueprintRegistry,
): Promise<{ bound: number; skipped: number } | undefined> {
  if (!(await registry.claimBackfill())) return undefined;
  const seen = new Set<string>();
  let bound = 0;
  let skipped = 0;
  const versions = new Map<string, Map<number, string>>();
  const digestOf = async (name: string, version: number) => {
    let byVersion = versions.get(name);
    if (!byVersion) {
      byVersion = new Map((await registry.versions(name)).map((v) => [v.version, v.digest]));
      versions.set(name, byVersion);
    }
    return byVersion.get(version);
  };
  for (let offset = 0; ; offset += PAGE) {
    const ids = await store.list(PAGE, offset);
    if (ids.length === 0) break;
    for (const id of ids) {
      const view = await store.get(id).catch(() => undefined);
      const siteId = view?.steps.s01.mist_ids.site_id;
      if (!view || typeof siteId !== "string" || seen.has(siteId)) continue;
      seen.add(siteId);
      if (view.status !== "succeeded" || view.steps.final.state !== "succeeded") continue;
      if (await registry.binding(siteId)) continue;
      if ((await digestOf(view.blueprint.name, view.blueprint.version)) !== view.blueprint.digest) {
        skipped++;
        continue;
      }
      const binding = deploymentBinding(view, view.finished_at ?? view.updated_at);
      if (binding) await registry.bind(binding);
      bound++;
    }
  }
  return { bound, skipped };
}
