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
import type { RedisLock } from "@mistflow/worker-runtime";
import type { OrgCatalog, SiteDirectory } from "../catalog";
import type { SecretSource } from "../secrets";

/** Everything a step may use; built per job so steps stay plain functions. */
export interface StepContext {
  step: StepId;
  deployment: DeploymentView;
  blueprint: Blueprint;
  orgId: string;
  mist: MistClient;
  ipam: { allocator: IpamAllocator; config: IpamConfig };
  lock: RedisLock;
  catalog: OrgCatalog;
  sites: SiteDirectory;
  secrets: SecretSource;
  /** The workers' `ASSURANCE_*` settings; a blueprint's or the request's `assurance` wins. */
  assurance: AssuranceDefaults;
  log: Logger;
}

export interface StepOutcome {
  mist_ids: StepStatus["mist_ids"];
  note?: string;
  /** The assurance step's report, kept on the step record. */
  assurance?: AssuranceReport;
}

export type StepHandler = (ctx: StepContext) => Promise<StepOutcome>;

/** An id a prerequisite step recorded; its absence means the DAG was violated, which is a bug. */
export function idFrom(ctx: StepContext, step: StepId, key: string): string {
  const value = ctx.deployment.steps[step].mist_ids[key];
  if (typeof value !== "string")
    throw new Error(`step ${step} recorded no ${key}; ${ctx.step} cannot run before it`);
  return value;
}

/** Object ids a step recorded under `<kind>:<name>` keys, as a name → id map. */
export function namedIds(ctx: StepContext, step: StepId, kind: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.deployment.steps[step].mist_ids)) {
    if (key.startsWith(`${kind}:`) && typeof value === "string") out[key.slice(kind.length + 1)] = value;
  }
  return out;
}

export const keyed = (kind: string, ids: ReadonlyMap<string, string>): Record<string, string> =>
  Object.fromEntries([...ids].map(([name, id]) => [`${kind}:${name}`, id]));
