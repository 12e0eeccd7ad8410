import { firstByIdentity, matchesDesired } from "@mistflow/desired-state";
import type { OrgObjectKind } from "@mistflow/mist-client";
import { fingerprint } from "../catalog";
import type { OrgStepContext } from "./step-context";

type MistObject = Record<string, unknown> & { id: string };

export interface EnsureSpec {
  kind: OrgObjectKind;
  desired: ReadonlyArray<Record<string, unknown>>;
  /** Identity of an object: its name for most kinds; wxrules have none and use template + order. */
  identity: (obj: Record<string, unknown>) => string;
  listQuery?: Record<string, string>;
  /** How to create a missing object, when it needs more than its desired state (a PSK's passphrase). */
  create?: (desired: Record<string, unknown>, index: number) => Promise<{ id: string }>;
  /**
   * The update body, when Mist's schema needs fields that are not desired state (a PSK's
   * passphrase, which the update must repeat as Mist has it so that it does not rotate).
   */
  updateBody?: (desired: Record<string, unknown>, found: Record<string, unknown>) => Record<string, unknown>;
}

export interface EnsureResult {
  ids: Map<string, string>;
  created: number;
  updated: number;
  /** True when the org catalogue already vouched for every object and Mist was not called. */
  cached: boolean;
}

/**
 * Find by identity, then create or update: the idempotent core of steps 3-13. Mist has no
 * uniqueness constraints, so the lookup and the create must not interleave with another site's:
 * one lock per org and object kind, across every worker process. Objects already verified in
 * this batch come from the org catalogue without any call.
 */
export async function ensureObjects(ctx: OrgStepContext, spec: EnsureSpec): Promise<EnsureResult> {
  const result: EnsureResult = { ids: new Map(), created: 0, updated: 0, cached: false };
  if (spec.desired.length === 0) return result;
  const fingerprints = spec.desired.map(fingerprint);
  const fromCatalog = async () => {
    const known = await ctx.catalog.lookup(ctx.orgId, spec.kind, fingerprints);
    if (!known) return undefined;
    for (const [i, d] of spec.desired.entries()) result.ids.set(spec.identity(d), known[i] as string);
    return { ...result, cached: true };
  };
  const early = await fromCatalog();
  if (early) return early;
  let cachedInLock: EnsureResult | undefined;
  await ctx.lock.with(`${ctx.orgId}:${spec.kind}`, async () => {
    // Whoever held the lock before us has most likely just verified the same objects.
    cachedInLock = await fromCatalog();
    if (cachedInLock) return;
    const existing = (await ctx.mist.orgObjects.list(ctx.orgId, spec.kind, spec.listQuery)) as MistObject[];
    const byIdentity = firstByIdentity(existing, spec.identity);
    for (const [index, desired] of spec.desired.entries()) {
      const identity = spec.identity(desired);
      const found = byIdentity.get(identity);
      if (!found) {
        const created = spec.create
          ? await spec.create(desired, index)
          : ((await ctx.mist.orgObjects.create(ctx.orgId, spec.kind, desired)) as MistObject);
        result.ids.set(identity, created.id);
        result.created++;
      } else {
        if (!matchesDesired(desired, found)) {
          await ctx.mist.orgObjects.update(
            ctx.orgId,
            spec.kind,
            found.id,
            spec.updateBody ? spec.updateBody(desired, found) : desired,
          );
          result.updated++;
        }
        result.ids.set(identity, found.id);
      }
    }
    // Inside the lock, so the next holder finds it in the catalogue instead of listing again.
    const verified = new Map(
      fingerprints.map((fp, i) => [fp, result.ids.get(spec.identity(spec.desired[i] ?? {})) ?? ""]),
    );
    await ctx.catalog.remember(ctx.orgId, spec.kind, verified);
  });
  return cachedInLock ?? result;
}
