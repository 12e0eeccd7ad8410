import { byName } from "@mistflow/desired-state";
import type { OrgObjectKind } from "@mistflow/mist-client";
import { ensuredOutcome, ensureObjects } from "./ensure-objects";
import type { OrgStepContext, StepOutcome } from "./step-context";

/** Steps 6-9 each own one template; its id is what late binding needs. */
export async function ensureSingleTemplate(
  ctx: OrgStepContext,
  kind: OrgObjectKind,
  template: Record<string, unknown> | undefined,
  idKey: string,
): Promise<StepOutcome> {
  if (!template) return { mist_ids: {}, note: `the blueprint defines no ${kind}` };
  const r = await ensureObjects(ctx, { kind, desired: [template], identity: byName });
  const id = r.ids.get(String(template.name));
  return ensuredOutcome(id ? { [idKey]: id } : {}, kind, r);
}
