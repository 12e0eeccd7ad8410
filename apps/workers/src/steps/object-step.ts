import type { StepId } from "@mistflow/contracts";
import { type ObjectRefs, type ObjectSet, objectSetsOf, recordIds, refsFrom } from "@mistflow/desired-state";
import type { OrgObjectKind } from "@mistflow/mist-client";
import { StepFailure } from "@mistflow/worker-runtime";
import { type EnsureResult, type EnsureSpec, ensureObjects } from "./ensure-objects";
import type { OrgStepContext, OrgStepHandler, StepOutcome } from "./step-context";

/** What a kind needs beyond its desired state: how a PSK is created and updated with its passphrase. */
export type EnsureOverrides = Pick<EnsureSpec, "create" | "updateBody">;

/**
 * The refs a step's bodies use, from what the steps before it recorded (and what this step's own
 * earlier sets made: the WLAN template needs the site group). A missing template id means the DAG
 * was violated, a bug; a missing WLAN or label is a blueprint naming one it does not define.
 */
function recordedRefs(ctx: OrgStepContext, madeHere: Readonly<Record<string, string>>): ObjectRefs {
  const refs = refsFrom((provider, key) => {
    const recorded = provider.step === ctx.step ? madeHere : ctx.deployment.steps[provider.step].mist_ids;
    const id = recorded[key];
    if (typeof id === "string") return id;
    if ("field" in provider.record)
      throw new Error(`step ${provider.step} recorded no ${key}; ${ctx.step} cannot run before it`);
    throw new StepFailure(
      `${key}: the blueprint names a ${provider.label} step ${provider.step} did not make`,
    );
  });
  return {
    ...refs,
    wlanId: (ssid, label) => {
      const id = refs.wlanId(ssid, label) as string;
      const retained = (ctx.retainedWlanIds?.[ssid] ?? []).filter((r) => r !== id);
      return retained.length > 0 ? [id, ...retained] : id;
    },
  };
}

const summary = (set: ObjectSet, r: EnsureResult): string =>
  r.cached
    ? `${r.ids.size} ${set.noun}: verified earlier in this batch (no Mist calls)`
    : `${r.ids.size} ${set.noun}: ${r.created} created, ${r.updated} updated, ${r.ids.size - r.created - r.updated} unchanged`;

/**
 * Steps 3-13: each ensures its object sets from the table in `@mistflow/desired-state`, the
 * one the dry run reads too. Find by identity, then create or update (`ensureObjects`).
 */
export function objectStep(
  step: StepId,
  overrides: Partial<Record<OrgObjectKind, EnsureOverrides>> = {},
): OrgStepHandler {
  const sets = objectSetsOf(step);
  if (sets.length === 0) throw new Error(`step ${step} ensures no org objects`);
  return async (ctx) => {
    const mistIds: Record<string, string> = {};
    const notes: string[] = [];
    let ran = 0;
    let cached = 0;
    // Reads `mistIds` as it fills: the WLAN template finds the site group made just before it.
    const refs = recordedRefs(ctx, mistIds);
    for (const set of sets) {
      const desired = set.desired(ctx.blueprint, refs);
      if (desired.length === 0) {
        notes.push(`the blueprint defines no ${set.noun}`);
        continue;
      }
      const r = await ensureObjects(ctx, {
        kind: set.kind,
        desired,
        identity: set.identity,
        ...(set.listQuery ? { listQuery: { ...set.listQuery } } : {}),
        ...overrides[set.kind as keyof typeof overrides],
      });
      Object.assign(mistIds, recordIds(set, desired, r.ids));
      notes.push(summary(set, r));
      ran++;
      if (r.cached) cached++;
    }
    const outcome: StepOutcome = { mist_ids: mistIds, note: notes.join("; ") };
    // All catalogue only when every set was: a site group listed in Mist means Mist was called.
    return ran > 0 && cached === ran ? { ...outcome, fromCatalog: true } : outcome;
  };
}
