import type { OrgObjectKind } from "@mistflow/mist-client";
import { matchesDesired } from "./matches-desired";
import type { StepContext } from "./step-context";

type MistObject = Record<string, unknown> & { id: string };

export interface EnsureSpec {
  kind: OrgObjectKind;
  desired: ReadonlyArray<Record<string, unknown>>;
  /** Identity of an object: its name for most kinds; wxrules have none and use template + order. */
  identity: (obj: Record<string, unknown>) => string;
  listQuery?: Record<string, string>;
}

export interface EnsureResult {
  ids: Map<string, string>;
  created: number;
  updated: number;
}

/**
 * Find by identity, then create or update: the idempotent core of steps 3-13. Mist has no
 * uniqueness constraints, so the lookup and the create must not interleave with another site's:
 * one lock per org and object kind, across every worker process.
 */
export async function ensureObjects(ctx: StepContext, spec: EnsureSpec): Promise<EnsureResult> {
  const result: EnsureResult = { ids: new Map(), created: 0, updated: 0 };
  if (spec.desired.length === 0) return result;
  return ctx.lock.with(`${ctx.orgId}:${spec.kind}`, async () => {
    const existing = (await ctx.mist.orgObjects.list(ctx.orgId, spec.kind, spec.listQuery)) as MistObject[];
    const byIdentity = new Map<string, MistObject>();
    // Oldest wins when a person already made duplicates by hand: it is the one others reference.
    for (const obj of existing)
      if (!byIdentity.has(spec.identity(obj))) byIdentity.set(spec.identity(obj), obj);
    for (const desired of spec.desired) {
      const identity = spec.identity(desired);
      const found = byIdentity.get(identity);
      if (!found) {
        const created = (await ctx.mist.orgObjects.create(ctx.orgId, spec.kind, desired)) as MistObject;
        result.ids.set(identity, created.id);
        result.created++;
      } else {
        if (!matchesDesired(desired, found)) {
          await ctx.mist.orgObjects.update(ctx.orgId, spec.kind, found.id, desired);
          result.updated++;
        }
        result.ids.set(identity, found.id);
      }
    }
    return result;
  });
}

export const byName = (obj: Record<string, unknown>): string => String(obj.name);

export const summary = (kind: string, r: EnsureResult): string =>
  `${r.ids.size} ${kind}: ${r.created} created, ${r.updated} updated, ${r.ids.size - r.created - r.updated} unchanged`;
