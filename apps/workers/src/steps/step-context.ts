import type {
  AssuranceDefaults,
  AssuranceReport,
  Blueprint,
  DeploymentView,
  StepId,
  StepStatus,
} from "@mistflow/contracts";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import type { Logger } from "@mistflow/logger";
import type { MistClient } from "@mistflow/mist-client";
import type { SecretSource } from "@mistflow/secrets";
import type { RedisLock } from "@mistflow/worker-runtime";
import type { OrgCatalog, SiteDirectory } from "../catalog";

/**
 * What the org-level steps (3-13) use: no site, no IPAM, only the blueprint, the org and what
 * earlier steps recorded. A rollout runs them for a blueprint version without any deployment.
 */
export interface OrgStepContext {
  step: StepId;
  deployment: Pick<DeploymentView, "steps">;
  blueprint: Blueprint;
  orgId: string;
  mist: MistClient;
  lock: RedisLock;
  catalog: OrgCatalog;
  secrets: SecretSource;
  log: Logger;
  /**
   * A rollout only: per SSID, the WLAN ids of the versions sites are still on. Labels that match
   * WLANs keep matching those too until the last wave, or sites not moved yet would lose them.
   */
  retainedWlanIds?: Readonly<Record<string, readonly string[]>>;
}

/** Everything a step may use; built per job so steps stay plain functions. */
export interface StepContext extends OrgStepContext {
  deployment: DeploymentView;
  ipam: { allocator: IpamAllocator; config: IpamConfig };
  sites: SiteDirectory;
  /** The workers' `ASSURANCE_*` settings; a blueprint's or the request's `assurance` wins. */
  assurance: AssuranceDefaults;
}

export interface StepOutcome {
  mist_ids: StepStatus["mist_ids"];
  note?: string;
  /** The assurance step's report, kept on the step record. */
  assurance?: AssuranceReport;
  /**
   * Every object came from the org catalogue: no Mist call was made. Such a step is not the
   * first site making the templates, so it has no first-site claim to renew.
   */
  fromCatalog?: boolean;
}

export type StepHandler = (ctx: StepContext) => Promise<StepOutcome>;
/** Steps 3-13: they need no deployment, so a rollout can run them too. */
export type OrgStepHandler = (ctx: OrgStepContext) => Promise<StepOutcome>;

/** An id a prerequisite step recorded; its absence means the DAG was violated, which is a bug. */
export function idFrom(ctx: OrgStepContext, step: StepId, key: string): string {
  const value = ctx.deployment.steps[step].mist_ids[key];
  if (typeof value !== "string")
    throw new Error(`step ${step} recorded no ${key}; ${ctx.step} cannot run before it`);
  return value;
}
