import type { Blueprint, BlueprintPlan, BlueprintRef, PlannedObject } from "@mistflow/contracts";
import {
  firstByIdentity,
  OBJECT_SETS,
  type ObjectSet,
  providerOf,
  recordIds,
  refsFrom,
} from "@mistflow/desired-state";
import type { MistReader } from "../reader";
import { pendingId, planObject } from "./planned-object";

type Body = Record<string, unknown>;

/** Ids late binding would put on each site: real ones when the object exists, placeholders otherwise. */
export interface BlueprintIds {
  gatewaytemplate_id?: string;
  networktemplate_id?: string;
  rftemplate_id?: string;
  sitegroup_id?: string;
}
const BINDING_FIELDS = ["gatewaytemplate_id", "networktemplate_id", "rftemplate_id", "sitegroup_id"] as const;

interface SetPlan {
  objects: PlannedObject[];
  /** The body each object's step would send, secrets included: for comparisons, never for output. */
  bodies: Body[];
  /** What the step would record: the Mist id, or a placeholder for an object it would create. */
  ids: Record<string, string>;
}

/**
 * Steps 3-13 for one blueprint in one org, from the object-set table the workers run: the same
 * bodies, identities and list queries. Sets that do not refer to each other are planned at once.
 */
export async function planBlueprint(
  mist: MistReader,
  orgId: string,
  bp: Blueprint,
  ref: BlueprintRef,
): Promise<{ plan: BlueprintPlan; ids: BlueprintIds; bodies: Body[] }> {
  const plans = new Map<ObjectSet, Promise<SetPlan>>();
  const planned = new Map<ObjectSet, SetPlan>();
  const refs = refsFrom(
    (provider, key) =>
      planned.get(provider)?.ids[key] ?? pendingId(provider.label, key.slice(key.indexOf(":") + 1)),
  );
  const planSet = (set: ObjectSet): Promise<SetPlan> => {
    let p = plans.get(set);
    if (!p) {
      p = (async () => {
        await Promise.all(set.uses.map((r) => planSet(providerOf(r))));
        const out: SetPlan = { objects: [], bodies: [], ids: {} };
        const desired = set.desired(bp, refs);
        if (desired.length > 0) {
          const existing = firstByIdentity(await mist.objects(orgId, set.kind, set.listQuery), set.identity);
          const found = new Map<string, string>();
          for (const d of desired) {
            const match = existing.get(set.identity(d));
            out.objects.push(planObject(set.step, set.label, set.displayName(d), d, match));
            out.bodies.push(d);
            found.set(set.identity(d), match ? match.id : pendingId(set.label, set.displayName(d)));
          }
          out.ids = recordIds(set, desired, found);
        }
        planned.set(set, out);
        return out;
      })();
      plans.set(set, p);
    }
    return p;
  };
  const sets = await Promise.all(OBJECT_SETS.map(planSet));
  const recorded: Record<string, string> = Object.assign({}, ...sets.map((s) => s.ids));
  const ids: BlueprintIds = {};
  for (const field of BINDING_FIELDS) if (recorded[field]) ids[field] = recorded[field];
  return {
    plan: { org_id: orgId, blueprint: ref, objects: sets.flatMap((s) => s.objects) },
    ids,
    bodies: sets.flatMap((s) => s.bodies),
  };
}
