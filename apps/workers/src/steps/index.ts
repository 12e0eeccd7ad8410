import type { StepId } from "@mistflow/contracts";
import { assureSite } from "../assurance/assure-site";
import { assignDevices } from "./assign-devices";
import { bindTemplates } from "./bind-templates";
import { createSite } from "./create-site";
import { ensureApplications } from "./ensure-applications";
import { ensureHubProfiles } from "./ensure-hub-profiles";
import { ensureLabels } from "./ensure-labels";
import { ensureNetworks } from "./ensure-networks";
import { ensurePsks } from "./ensure-psks";
import {
  ensureGatewayTemplate,
  ensureRfTemplate,
  ensureSwitchTemplate,
  ensureWlanTemplate,
} from "./ensure-templates";
import { ensureWlanPolicies } from "./ensure-wlan-policies";
import { ensureWlans } from "./ensure-wlans";
import type { OrgStepHandler, StepHandler } from "./step-context";

export { isFirstSiteWait, renewFirstSiteClaim } from "./first-site";
export type { OrgStepHandler, StepHandler, StepOutcome } from "./step-context";

/**
 * Steps 3-13 in an order that honours every dependency of the flow (3 → 5 → 6, 4 → 7,
 * 8 → 9 → 10 → 11 → 12 → 13): what a rollout runs one after another for a blueprint version.
 */
export const ORG_STEPS = [
  ["s03", ensureApplications],
  ["s04", ensureNetworks],
  ["s05", ensureHubProfiles],
  ["s06", ensureGatewayTemplate],
  ["s07", ensureSwitchTemplate],
  ["s08", ensureWlanTemplate],
  ["s09", ensureRfTemplate],
  ["s10", ensureWlans],
  ["s11", ensureLabels],
  ["s12", ensureWlanPolicies],
  ["s13", ensurePsks],
] as const satisfies ReadonlyArray<readonly [StepId, OrgStepHandler]>;

export const STEP_HANDLERS: Readonly<Record<StepId, StepHandler>> = {
  s01: createSite,
  s02: assignDevices,
  s03: ensureApplications,
  s04: ensureNetworks,
  s05: ensureHubProfiles,
  s06: ensureGatewayTemplate,
  s07: ensureSwitchTemplate,
  s08: ensureWlanTemplate,
  s09: ensureRfTemplate,
  s10: ensureWlans,
  s11: ensureLabels,
  s12: ensureWlanPolicies,
  s13: ensurePsks,
  final: bindTemplates,
  assure: assureSite,
};
