import { ensureSingleTemplate } from "./ensure-single-template";
import type { StepHandler } from "./step-context";

/** Step 6. */
export const ensureGatewayTemplate: StepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "gatewaytemplates", ctx.blueprint.gateway_template, "gatewaytemplate_id");

/** Step 7: Mist calls switch templates "network templates". */
export const ensureSwitchTemplate: StepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "networktemplates", ctx.blueprint.switch_template, "networktemplate_id");

/**
 * Step 8. `applies` is deliberately not part of the desired state: late binding adds sites to it
 * one by one, and re-sending the blueprint's copy would drop them.
 */
export const ensureWlanTemplate: StepHandler = (ctx) => {
  const template = ctx.blueprint.wlan_template;
  if (!template) return ensureSingleTemplate(ctx, "templates", undefined, "wlantemplate_id");
  const { applies: _managedByBinding, ...desired } = template;
  return ensureSingleTemplate(ctx, "templates", desired, "wlantemplate_id");
};

/** Step 9. */
export const ensureRfTemplate: StepHandler = (ctx) =>
  ensureSingleTemplate(ctx, "rftemplates", ctx.blueprint.rf_template, "rftemplate_id");
