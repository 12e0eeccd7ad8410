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
import type { StepHandler } from "./step-context";

export type { StepContext, StepHandler, StepOutcome } from "./step-context";

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
