import type { Blueprint, DeploymentView, StepId } from "@mistflow/contracts";
import type { Logger } from "@mistflow/logger";
import type { MistClient } from "@mistflow/mist-client";
import { ORG_STEPS } from "../../steps";
import type { Day2Deps } from "../handlers";

/** The Mist ids a site binds to, as late binding would put them on it. */
export interface VersionIds {
  gatewaytemplate_id?: string;
  networktemplate_id?: string;
  rftemplate_id?: string;
  sitegroup_id?: string;
}

/**
 * Steps 3-13 for one blueprint version, one after another, with the same handlers a deployment
 * runs: each finds its objects by name and creates or updates them, so a re-delivered phase
 * (kill -9, stalled lock) repeats reads, never creates. Returns the ids sites bind to.
 */
export async function runOrgSteps(
  deps: Day2Deps,
  mist: MistClient,
  orgId: string,
  blueprint: Blueprint,
  log: Logger,
  retainedWlanIds?: Readonly<Record<string, readonly string[]>>,
): Promise<VersionIds> {
  const steps = {} as DeploymentView["steps"];
  for (const [step, handler] of ORG_STEPS) {
    const outcome = await handler({
      step,
      deployment: { steps },
      blueprint,
      orgId,
      mist,
      lock: deps.lock,
      catalog: deps.catalog,
      secrets: deps.secrets,
      log: log.child({ step }),
      ...(retainedWlanIds ? { retainedWlanIds } : {}),
    });
    steps[step as StepId] = { state: "succeeded", attempts: 1, mist_ids: outcome.mist_ids };
  }
  const id = (step: StepId, key: string) => {
    const v = steps[step]?.mist_ids[key];
    return typeof v === "string" ? v : undefined;
  };
  const ids: VersionIds = {};
  const gateway = id("s06", "gatewaytemplate_id");
  const network = id("s07", "networktemplate_id");
  const rf = id("s09", "rftemplate_id");
  const group = id("s08", "sitegroup_id");
  if (gateway) ids.gatewaytemplate_id = gateway;
  if (network) ids.networktemplate_id = network;
  if (rf) ids.rftemplate_id = rf;
  if (group) ids.sitegroup_id = group;
  return ids;
}
