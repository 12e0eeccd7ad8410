import type { StepId } from "@mistflow/contracts";
import { OBJECT_STEPS } from "@mistflow/desired-state";
import { assureSite } from "../assurance/assure-site";
import { assignDevices } from "./assign-devices";
import { bindTemplates } from "./bind-templates";
import { createSite } from "./create-site";
import { ensurePsks } from "./ensure-psks";
import { objectStep } from "./object-step";
import type { OrgStepHandler, StepHandler } from "./step-context";

export { isFirstSiteWait, renewFirstSiteClaim } from "./first-site";
export type { OrgStepHandler, StepHandler, StepOutcome } from "./step-context";

/** Steps 3-13 ensure their object sets (`OBJECT_SETS`); step 13 also handles a PSK's passphrase. */
const ORG_STEP_HANDLERS: Readonly<
  Record<Exclude<StepId, "s01" | "s02" | "final" | "assure">, OrgStepHandler>
> = {
  s03: objectStep("s03"),
  s04: objectStep("s04"),
  s05: objectStep("s05"),
  s06: objectStep("s06"),
  s07: objectStep("s07"),
  s08: objectStep("s08"),
  s09: objectStep("s09"),
  s10: objectStep("s10"),
  s11: objectStep("s11"),
  s12: objectStep("s12"),
  s13: ensurePsks,
};

export const STEP_HANDLERS: Readonly<Record<StepId, StepHandler>> = {
  s01: createSite,
  s02: assignDevices,
  ...ORG_STEP_HANDLERS,
  final: bindTemplates,
  assure: assureSite,
};

/**
 * Steps 3-13 in an order that honours every dependency of the flow (3 → 5 → 6, 4 → 7,
 * 8 → 9 → 10 → 11 → 12 → 13): what a rollout runs one after another for a blueprint version.
 */
export const ORG_STEPS: ReadonlyArray<readonly [StepId, OrgStepHandler]> = OBJECT_STEPS.map((step) => {
  const handler = (ORG_STEP_HANDLERS as Readonly<Partial<Record<StepId, OrgStepHandler>>>)[step];
  if (!handler) throw new Error(`step ${step} has object sets but no handler`);
  return [step, handler] as const;
});
