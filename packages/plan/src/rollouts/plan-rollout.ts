import type { LoadedBlueprint } from "@mistflow/blueprints";
import type {
  Blueprint,
  PlannedObject,
  RolloutObject,
  RolloutPlan,
  RolloutRequest,
  RolloutSitePlan,
  RolloutWave,
  RolloutWavePlan,
  SiteBinding,
} from "@mistflow/contracts";
import type { BlueprintRegistry } from "@mistflow/deployments";
import { blueprintVarUsers, desiredRebinding, diffDesired, objectSetByLabel } from "@mistflow/desired-state";
import { missingVars, referencedVars } from "@mistflow/ipam";
import type { OrgObjectKind, Site } from "@mistflow/mist-client";
import { type BlueprintIds, pendingId, planBlueprint, redactChange } from "../objects";
import { type PlanIssue, PlanRefusal } from "../plan-refusal";
import type { MistReader } from "../reader";

type Body = Record<string, unknown>;

/** Objects a site binds to directly: one per version, deleted when no site uses them any more. */
const BOUND_KINDS = ["gateway_template", "switch_template", "rf_template", "wlan_template", "sitegroup"];
/** Objects that live inside a WLAN template and go with it. */
const INNER_KINDS = ["wlan", "wlan_policy"];
/** Plan kinds sites reach through a binding, and where Mist lists them (the object-set table). */
const VERSIONED_KINDS: ReadonlyMap<string, OrgObjectKind> = new Map(
  [...BOUND_KINDS, ...INNER_KINDS].map((label) => {
    const set = objectSetByLabel(label);
    if (!set) throw new Error(`no object set is labelled ${label}`);
    return [label, set.kind];
  }),
);

const BINDING_FIELD: Readonly<Record<string, keyof BlueprintIds>> = {
  gateway_template: "gatewaytemplate_id",
  switch_template: "networktemplate_id",
  rf_template: "rftemplate_id",
  sitegroup: "sitegroup_id",
};

/** Which object of another version an object corresponds to: the same role, whatever its name. */
const slotOf = (o: PlannedObject) => (INNER_KINDS.includes(o.kind) ? `${o.kind}|${o.name}` : o.kind);

interface VersionPlan {
  loaded: LoadedBlueprint;
  objects: PlannedObject[];
  bodies: Body[];
  ids: BlueprintIds;
}

/** Every string equal to a key of `ids` becomes its value: a copy compared as if it were the original. */
function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
  return value;
}

const waveLabel = (w: RolloutWave): string =>
  "sites" in w
    ? `sites ${w.sites}`
    : "percent" in w
      ? `percent ${w.percent}`
      : "site_ids" in w
        ? `site_ids ${w.site_ids.length}`
        : `sitegroup ${w.sitegroup_id}`;

/**
 * Cuts the sites to move into waves, each a cumulative target over them in order. Sites named by
 * id must be bound to the blueprint in this org and not on the target yet: anything else is a
 * mistake in the request, named by its field.
 */
export function resolveWaves(
  toMove: readonly SiteBinding[],
  waves: readonly RolloutWave[],
  sitegroupsOf: (siteId: string) => readonly string[],
): { waves: RolloutWavePlan[]; issues: PlanIssue[] } {
  const total = toMove.length;
  const movable = new Set(toMove.map((b) => b.site_id));
  const moved = new Set<string>();
  const out: RolloutWavePlan[] = [];
  const issues: PlanIssue[] = [];
  const remaining = () => toMove.filter((b) => !moved.has(b.site_id)).map((b) => b.site_id);
  waves.forEach((w, i) => {
    let add: string[] = [];
    if ("sites" in w || "percent" in w) {
      const goal = "sites" in w ? Math.min(w.sites, total) : Math.ceil((w.percent / 100) * total);
      add = remaining().slice(0, Math.max(0, goal - moved.size));
    } else if ("site_ids" in w) {
      w.site_ids.forEach((id, j) => {
        if (!movable.has(id))
          issues.push({
            field: `waves[${i}].site_ids[${j}]`,
            message: `site ${id} is not a site of this org bound to the blueprint at another version`,
          });
        else if (!moved.has(id) && !add.includes(id)) add.push(id);
      });
    } else {
      add = remaining().filter((id) => sitegroupsOf(id).includes(w.sitegroup_id));
    }
    if (add.length === 0) return;
    for (const id of add) moved.add(id);
    out.push({ wave: out.length + 1, target: waveLabel(w), site_ids: add });
  });
  return { waves: out, issues };
}

async function planVersion(mist: MistReader, orgId: string, loaded: LoadedBlueprint): Promise<VersionPlan> {
  const { plan, ids, bodies } = await planBlueprint(mist, orgId, loaded.blueprint, loaded.ref);
  return { loaded, objects: plan.objects, bodies, ids };
}

/** The target's ids for a version's objects, real or pending: what a moved site will point at. */
const idOf = (o: PlannedObject) => o.mist_id ?? pendingId(o.kind, o.name);

/** Names of bound objects other blueprints' versions use in this org: never deleted by this one. */
async function namesUsedElsewhere(registry: BlueprintRegistry, name: string): Promise<Set<string>> {
  const used = new Set<string>();
  for (const other of await registry.names()) {
    if (other === name) continue;
    for (const v of await registry.versions(other))
      for (const n of Object.values(v.objects)) if (n) used.add(n);
  }
  return used;
}

/**
 * The plan of moving an org's sites bound to a blueprint onto one of its versions. Read-only: it
 * lists the org's objects and sites and each moving site's settings, all through `mist`, and
 * answers per Mist object what the rollout creates, updates, leaves or deletes, and per site
 * which binding fields its wave changes.
 */
export async function planRollout(
  registry: BlueprintRegistry,
  mist: MistReader,
  name: string,
  request: RolloutRequest,
): Promise<RolloutPlan> {
  const orgId = request.org_id;
  const versions = await registry.versions(name);
  if (versions.length === 0) throw new PlanRefusal("not_found", `blueprint ${name} not found`);
  const target = await registry.resolve(name, request.target_version);
  if (!target)
    throw PlanRefusal.invalid([
      {
        field: "target_version",
        message: `blueprint ${name} has no version ${request.target_version} (registered: ${versions.map((v) => v.version).join(", ")})`,
      },
    ]);
  const targetVersion = target.ref.version;

  const bound = (await registry.bindings(name)).filter((b) => b.org_id === orgId);
  const toMove = bound.filter((b) => b.version !== targetVersion);
  const fromVersions = [...new Set(bound.map((b) => b.version))].sort((a, b) => a - b);
  const otherVersions = fromVersions.filter((v) => v !== targetVersion);

  const targetPlan = await planVersion(mist, orgId, target);
  const others = new Map<number, VersionPlan>();
  for (const v of otherVersions) {
    const loaded = await registry.resolve(name, v);
    if (loaded) others.set(v, await planVersion(mist, orgId, loaded));
  }
  // The version most moving sites come from is what new copies are compared with.
  const count = (v: number) => toMove.filter((b) => b.version === v).length;
  const baseVersion = [...otherVersions].sort((a, b) => count(b) - count(a) || b - a)[0];
  const base = baseVersion === undefined ? undefined : others.get(baseVersion);
  const baseBySlot = new Map(base?.objects.map((o, i) => [slotOf(o), { o, body: base.bodies[i] }]) ?? []);

  const bodyIn = async (o: PlannedObject): Promise<Body | undefined> => {
    const kind = VERSIONED_KINDS.get(o.kind);
    if (!kind || !o.mist_id) return undefined;
    return (await mist.objects(orgId, kind)).find((x) => x.id === o.mist_id) as Body | undefined;
  };
  const wirelessVersioned =
    base !== undefined &&
    targetPlan.objects.find((o) => o.kind === "wlan_template")?.name !==
      base.objects.find((o) => o.kind === "wlan_template")?.name;
  const isCopy = (o: PlannedObject, original: PlannedObject | undefined) =>
    original !== undefined &&
    (original.name !== o.name || (INNER_KINDS.includes(o.kind) && wirelessVersioned));

  // A copy refers to the other copies (a WLAN to its template, the template to its site group):
  // compared with the original, those ids and its own name are not changes.
  const toOriginalIds = new Map<string, string>();
  for (const o of targetPlan.objects) {
    const original = baseBySlot.get(slotOf(o))?.o;
    if (VERSIONED_KINDS.get(o.kind) && isCopy(o, original) && original?.mist_id)
      toOriginalIds.set(idOf(o), original.mist_id);
  }

  const objects: RolloutObject[] = [];
  for (const [i, o] of targetPlan.objects.entries()) {
    const versioned = VERSIONED_KINDS.has(o.kind);
    const original = versioned ? baseBySlot.get(slotOf(o))?.o : undefined;
    const entry: RolloutObject = { ...o, scope: versioned ? "versioned" : "shared", phase: "before_wave_1" };
    const matchesWlans = target.blueprint.labels.some((l) => l.name === o.name && l.wlan_ssids);
    if (o.kind === "label" && matchesWlans && wirelessVersioned && o.action !== "unchanged")
      entry.note =
        "matches the WLANs of both versions until the last wave, then the new version's only: sites not moved yet keep their match";
    if (versioned && original && isCopy(o, original)) {
      entry.copy_of = { name: original.name, ...(original.mist_id ? { mist_id: original.mist_id } : {}) };
      const originalBody = await bodyIn(original);
      const desired = targetPlan.bodies[i];
      if (o.action === "create" && originalBody && desired) {
        const { changes, unknown } = diffDesired(
          substitute({ ...desired, name: originalBody.name ?? desired.name }, toOriginalIds),
          originalBody,
        );
        if (changes.length > 0) entry.changes = changes.map(redactChange);
        if (unknown.length > 0) entry.unknown = unknown;
      }
    }
    objects.push(entry);
  }

  // Once every site is on the target, the other versions' copies serve nobody of this blueprint.
  const liveSites = await mist.sites(orgId);
  const siteById = new Map(liveSites.map((s) => [s.id, s as Site & Body]));
  const movingIds = new Set(toMove.map((b) => b.site_id));
  const keptNames = new Set(
    targetPlan.objects.filter((o) => BOUND_KINDS.includes(o.kind)).map((o) => o.name),
  );
  const usedElsewhere = await namesUsedElsewhere(registry, name);
  const notes: string[] = [];
  const retired = new Set<string>();
  for (const v of otherVersions) {
    const plan = others.get(v);
    if (!plan) continue;
    const retiredTemplate = plan.objects.find(
      (o) => o.kind === "wlan_template" && o.mist_id && !keptNames.has(o.name),
    );
    for (const o of plan.objects) {
      if (!o.mist_id || retired.has(o.mist_id)) continue;
      const inner = INNER_KINDS.includes(o.kind);
      if (
        inner
          ? !retiredTemplate || !wirelessVersioned
          : !BOUND_KINDS.includes(o.kind) || keptNames.has(o.name)
      )
        continue;
      if (!inner && usedElsewhere.has(o.name)) {
        notes.push(`${o.kind} ${o.name} stays: another blueprint uses it`);
        continue;
      }
      const field = BINDING_FIELD[o.kind];
      const strangers = field
        ? liveSites.filter((s) => {
            const site = s as Site & Body;
            const value = field === "sitegroup_id" ? site.sitegroup_ids : site[field];
            const uses = Array.isArray(value) ? value.includes(o.mist_id) : value === o.mist_id;
            return uses && !movingIds.has(s.id) && !bound.some((b) => b.site_id === s.id);
          })
        : [];
      if (strangers.length > 0) {
        notes.push(
          `${o.kind} ${o.name} stays: ${strangers.length} site(s) mistflow did not bind use it (${strangers
            .slice(0, 5)
            .map((s) => s.name)
            .join(", ")})`,
        );
        continue;
      }
      retired.add(o.mist_id);
      objects.push({
        step: o.step,
        kind: o.kind,
        name: o.name,
        action: "delete",
        mist_id: o.mist_id,
        scope: "versioned",
        phase: "after_last_wave",
        note: `version ${v}'s copy: no site uses it once every site is on version ${targetVersion}`,
      });
    }
  }

  const problems: string[] = [];
  const retiredSitegroups = [...others.values()]
    .map((p) => p.ids.sitegroup_id)
    .filter((g): g is string => g !== undefined && !g.startsWith("<"));
  const targetIds: BlueprintIds = targetPlan.ids;
  const targetVars = referencedVars(blueprintVarUsers(target.blueprint as Blueprint));
  const newVarsOf = new Map<number, string[]>();
  for (const [v, plan] of others) {
    const known = referencedVars(blueprintVarUsers(plan.loaded.blueprint));
    newVarsOf.set(v, [...targetVars].filter((name) => !known.has(name)).sort());
  }
  const sites: RolloutSitePlan[] = [];
  for (const b of bound) {
    const live = siteById.get(b.site_id);
    if (!live) {
      problems.push(
        `site ${b.site_name} (${b.site_id}) is bound to version ${b.version} but is gone from Mist`,
      );
      continue;
    }
    if (b.version === targetVersion) {
      sites.push({
        site_id: b.site_id,
        site_name: b.site_name,
        from_version: b.version,
        bindings: [],
        missing_vars: [],
      });
      continue;
    }
    const patch = desiredRebinding(live, { ...targetIds, retired_sitegroup_ids: retiredSitegroups });
    // The site runs its version's variables already (late binding checked them): only variables
    // the target adds need a look at its settings, which saves a read per site in the usual case.
    const added = newVarsOf.get(b.version) ?? [];
    const missing =
      added.length === 0
        ? []
        : missingVars(
            Object.fromEntries(added.map((v) => [v, `{{${v}}}`])),
            ((await mist.siteSetting(orgId, b.site_id)) as { vars?: Record<string, string> }).vars ?? {},
          );
    if (missing.length > 0)
      problems.push(
        `site ${b.site_name} lacks site variables version ${targetVersion} uses: ${missing.join(", ")}`,
      );
    sites.push({
      site_id: b.site_id,
      site_name: b.site_name,
      from_version: b.version,
      bindings: Object.entries(patch).map(([path, desired]) => ({
        path,
        current: live[path] ?? null,
        desired,
      })),
      missing_vars: missing,
    });
  }

  const moving = toMove.filter((b) => siteById.has(b.site_id));
  const { waves, issues } = resolveWaves(moving, request.waves, (id) => {
    const groups = siteById.get(id)?.sitegroup_ids;
    return Array.isArray(groups) ? groups : [];
  });
  if (issues.length > 0) throw PlanRefusal.invalid(issues);
  const waveOf = new Map(waves.flatMap((w) => w.site_ids.map((id) => [id, w.wave] as const)));
  for (const s of sites) {
    const wave = waveOf.get(s.site_id);
    if (wave !== undefined) s.wave = wave;
  }

  const shared = objects.filter(
    (o) => o.scope === "shared" && (o.action === "create" || o.action === "update"),
  );
  notes.unshift(
    shared.length > 0
      ? `shared org objects change once, before wave 1, and reach every site of the org at once: ${shared
          .map((o) => `${o.kind} ${o.name} (${o.action})`)
          .join(", ")}`
      : "no shared org object changes: only the sites of each wave see the new version",
  );
  if (moving.length === 0) notes.push(`every bound site of this org already runs version ${targetVersion}`);

  const tally = (a: RolloutObject["action"]) => objects.filter((o) => o.action === a).length;
  const movedWithChanges = sites.filter((s) => s.wave !== undefined && s.bindings.length > 0).length;
  return {
    blueprint: name,
    org_id: orgId,
    target: { version: targetVersion, digest: target.ref.digest },
    from_versions: fromVersions,
    objects,
    sites,
    waves,
    summary: {
      create: tally("create"),
      update: tally("update"),
      unchanged: tally("unchanged"),
      delete: tally("delete"),
      sites: waves.reduce((n, w) => n + w.site_ids.length, 0),
      writes: tally("create") + tally("update") + tally("delete") + movedWithChanges,
    },
    notes,
    problems,
    reads: mist.reads,
  };
}
