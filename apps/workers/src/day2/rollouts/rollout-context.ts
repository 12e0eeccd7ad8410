import type { Blueprint, RolloutPlan, RolloutSitePlan } from "@mistflow/contracts";
import type { Logger } from "@mistflow/logger";
import type { MistClient } from "@mistflow/mist-client";
import type { RolloutCore, RolloutStore } from "@mistflow/upgrades";
import type { Job } from "bullmq";
import type { Day2Deps } from "../handlers";

/** What every phase of one rollout job works with. */
export interface PhaseContext {
  deps: Day2Deps;
  store: RolloutStore;
  core: RolloutCore;
  generation: number;
  mist: MistClient;
  job: Job;
  token: string | undefined;
  log: Logger;
}

export interface PhaseOutcome {
  rollout_id: string;
  phase: string;
  outcome: "succeeded" | "halted" | "stopped";
  note?: string;
}

export const nowIso = () => new Date().toISOString();

export const sitePlanOf = (plan: RolloutPlan, siteId: string): RolloutSitePlan | undefined =>
  plan.sites.find((s) => s.site_id === siteId);

/** A registered version's effective blueprint: what its sites run. */
export async function versionBlueprint(
  ctx: PhaseContext,
  version: number,
): Promise<{ blueprint: Blueprint; digest: string }> {
  const loaded = await ctx.deps.registry.resolve(ctx.core.blueprint, version);
  if (!loaded) throw new Error(`blueprint ${ctx.core.blueprint} version ${version} is not registered`);
  return { blueprint: loaded.blueprint, digest: loaded.ref.digest };
}

/** The registry follows each move, so the next plan, drift check or deployment sees where a site is. */
export async function recordBinding(ctx: PhaseContext, siteId: string, version: number, digest: string) {
  const site = sitePlanOf(ctx.core.plan, siteId);
  const previous = await ctx.deps.registry.binding(siteId);
  await ctx.deps.registry.bind({
    org_id: ctx.core.org_id,
    site_id: siteId,
    site_name: site?.site_name ?? siteId,
    blueprint: ctx.core.blueprint,
    version,
    digest,
    bound_by: ctx.core.id,
    ...(previous?.deployment_id ? { deployment_id: previous.deployment_id } : {}),
    bound_at: nowIso(),
  });
}
