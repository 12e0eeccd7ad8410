import type { LoadedBlueprint } from "@mistflow/blueprints";
import type { BlueprintPlan, DeploymentRequest, PlanResponse, SitePlan } from "@mistflow/contracts";
import { type IpamAllocator, type IpamConfig, type PreviewResult, previewAllocations } from "@mistflow/ipam";
import { type BlueprintIds, planBlueprint } from "../objects";
import type { MistReader } from "../reader";
import { planSite } from "./plan-site";

export interface PlanDeps {
  /** The version a request would deploy: its pin, else the newest (the API's own rule, with its errors). */
  resolveBlueprint(name: string, version: number | undefined): Promise<LoadedBlueprint>;
  ipam: { allocator: IpamAllocator; config: IpamConfig };
}

/** Existing sites' settings are read this many at a time: fast, without a burst on the shared budget. */
const SITE_CONCURRENCY = 8;

/**
 * The dry run of a batch: what each deployment would create, update or leave alone in Mist, with
 * the IP block each site holds or would get. Reads only: Mist through `mist`, IPAM allocations
 * without allocating. Requests must already be validated (blueprint and zone known).
 */
export async function planDeployments(
  deps: PlanDeps,
  mist: MistReader,
  requests: readonly DeploymentRequest[],
): Promise<PlanResponse> {
  // The version each request would deploy: its pin, else the newest (with versioned template names).
  const loaded = await Promise.all(
    requests.map((r) => deps.resolveBlueprint(r.blueprint, r.blueprint_version)),
  );

  const blueprintPlans = new Map<string, Promise<{ plan: BlueprintPlan; ids: BlueprintIds }>>();
  const forBlueprint = (orgId: string, bp: LoadedBlueprint) => {
    const key = `${orgId}|${bp.blueprint.name}`;
    let p = blueprintPlans.get(key);
    if (!p) {
      p = planBlueprint(mist, orgId, bp.blueprint, bp.ref);
      blueprintPlans.set(key, p);
    }
    return p;
  };

  // Adopted sites allocate nothing: they must not take a place in the preview's sequence.
  const planned = requests.filter((r) => r.ip_plan !== "adopted");
  const previews = await previewAllocations(
    deps.ipam.allocator,
    deps.ipam.config,
    planned.map((r) => ({ region: r.site.region, site: r.site.name })),
  );
  let nextPreview = 0;
  const ip: PreviewResult[] = await Promise.all(
    requests.map(async (r): Promise<PreviewResult> => {
      if (r.ip_plan !== "adopted") return previews[nextPreview++] as PreviewResult;
      const held = await deps.ipam.allocator.get(r.site.name);
      return held
        ? { ok: true, preview: { ...held, allocated: true } }
        : { ok: false, error: new Error("adopted site holds no block of the layout") };
    }),
  );

  const sites: SitePlan[] = new Array(requests.length);
  let next = 0;
  const work = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index] as DeploymentRequest;
      const bp = loaded[index] as LoadedBlueprint;
      const { ids } = await forBlueprint(request.org_id, bp);
      sites[index] = await planSite(mist, {
        index,
        request,
        blueprint: bp.blueprint,
        ref: bp.ref,
        ids,
        ip: ip[index] ?? { ok: false, error: new Error("no IPAM preview") },
        ipam: deps.ipam.config,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SITE_CONCURRENCY, requests.length) }, work));

  const blueprints = await Promise.all([...blueprintPlans.values()].map(async (p) => (await p).plan));
  const summary = { create: 0, update: 0, unchanged: 0, problems: 0 };
  for (const o of [...blueprints, ...sites].flatMap((p) => p.objects)) summary[o.action]++;
  for (const s of sites) summary.problems += s.problems.length;
  return { summary, blueprints, sites, mist_reads: mist.reads };
}
