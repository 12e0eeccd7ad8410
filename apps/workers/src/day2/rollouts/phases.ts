import type { Blueprint, RolloutWaveRecord } from "@mistflow/contracts";
import { sitegroupOf } from "@mistflow/desired-state";
import { evaluateSle } from "@mistflow/upgrades";
import { parkJob, toStepError } from "@mistflow/worker-runtime";
import { UnrecoverableError } from "bullmq";
import { readSles } from "../upgrades";
import { type CopyToDelete, deleteUnusedCopies, MIST_KIND } from "./delete-copies";
import { moveSite } from "./move-site";
import {
  nowIso,
  type PhaseContext,
  type PhaseOutcome,
  recordBinding,
  sitePlanOf,
  versionBlueprint,
} from "./rollout-context";
import { runOrgSteps, type VersionIds } from "./run-org-steps";

const outcome = (
  ctx: PhaseContext,
  phase: string,
  o: PhaseOutcome["outcome"],
  note: string,
): PhaseOutcome => {
  ctx.log.info({ note }, `rollout ${phase} ${o}`);
  return { rollout_id: ctx.core.id, phase, outcome: o, note };
};

/**
 * Before wave 1: the target version's org objects, by the same steps a deployment runs. Shared
 * objects change here, once; versioned copies are created beside the old ones and no site uses
 * them yet. The ids sites will move to are recorded, with the old versions' site groups a moved
 * site leaves.
 */
export async function preparePhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const { core, store, generation } = ctx;
  const done = await store.phase(core.id, "prepare");
  if (done.state === "succeeded") return outcome(ctx, "prepare", "succeeded", "already prepared");
  const target = await versionBlueprint(ctx, core.target_version);
  // What the steps verified before may be gone: an earlier rollout's cleanup or rollback deletes
  // copies, and a person may have edited objects. A rollout verifies every object in Mist.
  await ctx.deps.catalog.forgetOrg(core.org_id);
  const retained = await oldWlanIds(
    ctx,
    target.blueprint,
    core.plan.from_versions.filter((v) => v !== core.target_version),
  );
  const ids = await runOrgSteps(ctx.deps, ctx.mist, core.org_id, target.blueprint, ctx.log, retained);
  // The site groups of the versions sites come from, by name: a moved site leaves them.
  const groups = await ctx.mist.orgObjects.list(core.org_id, "sitegroups");
  const retired: string[] = [];
  for (const v of core.plan.from_versions) {
    if (v === core.target_version) continue;
    const from = (await versionBlueprint(ctx, v)).blueprint;
    if (!from.wlan_template) continue;
    const name = sitegroupOf(from);
    for (const g of groups) if (g.name === name && g.id !== ids.sitegroup_id) retired.push(g.id);
  }
  const record = {
    state: "succeeded",
    finished_at: nowIso(),
    ids: { ...ids },
    retired_sitegroup_ids: [...new Set(retired)],
  };
  if ((await store.write(core.id, generation, ["running"], { prepare: record })) !== "ok")
    return outcome(ctx, "prepare", "stopped", "rollout moved on");
  return outcome(ctx, "prepare", "succeeded", `target objects ready: ${Object.keys(ids).join(", ")}`);
}

/**
 * One wave, re-entrant like a firmware wave: baseline → rebind each of its sites (one PUT each)
 * → soak → SLE verdict. Progress lives in the record, so a re-delivered job carries on where the
 * last one stopped; a site already moved is not touched again. Sites outside the wave are never
 * read or written here.
 */
export async function wavePhase(ctx: PhaseContext, wave: number): Promise<PhaseOutcome | never> {
  const { core, store, generation, mist } = ctx;
  const name = `wave ${wave}`;
  const planned = core.plan.waves[wave - 1];
  if (!planned) throw new UnrecoverableError(`rollout ${core.id} has no wave ${wave}`);
  let w = await store.wave(core.id, wave);
  if (w.state === "succeeded" || w.state === "halted" || w.state === "aborted")
    return outcome(ctx, name, "stopped", `wave already ${w.state}`);
  const prepared = await store.phase(core.id, "prepare");
  if (prepared.state !== "succeeded" || !prepared.ids)
    throw new UnrecoverableError(`rollout ${core.id} reached ${name} unprepared`);
  const guard = core.request.sle_guard;
  const write = async (fields: Record<string, unknown>) =>
    (await store.write(core.id, generation, ["running"], fields)) === "ok";

  if (w.state === "pending" || w.state === "failed") {
    const now = Date.now();
    // Taken once per wave, before its first move; a resumed wave keeps its original baseline.
    const baseline =
      w.baseline ?? (await readSles(mist, core, planned.site_ids, now - guard.baseline_seconds * 1000, now));
    w = { ...w, state: "rebinding", generation, started_at: w.started_at ?? nowIso(), baseline };
    if (!(await write({ ...store.waveFields(wave, w), current_wave: String(wave) })))
      return outcome(ctx, name, "stopped", "rollout moved on");
    ctx.log.info({ sites: planned.site_ids.length }, "rollout wave started");
  }

  if (w.state === "rebinding") {
    const ids = prepared.ids as VersionIds;
    for (const siteId of planned.site_ids) {
      const current = await store.site(core.id, siteId);
      if (current?.state === "moved") continue;
      const record = { site_id: siteId, wave, version: core.target_version, at: nowIso() };
      try {
        const moved = await moveSite(mist, siteId, ids, prepared.retired_sitegroup_ids ?? []);
        if (moved.state === "gone") {
          if (
            !(await write(
              store.siteFields({ ...record, state: "failed", note: "the site is gone from Mist" }),
            ))
          )
            return outcome(ctx, name, "stopped", "rollout moved on");
          continue;
        }
        await recordBinding(ctx, siteId, core.target_version, core.plan.target.digest);
        const note = moved.fields.length > 0 ? `changed ${moved.fields.join(", ")}` : "already on the target";
        if (!(await write(store.siteFields({ ...record, state: "moved", note }))))
          return outcome(ctx, name, "stopped", "rollout moved on");
      } catch (e) {
        const error = toStepError(e);
        // A refusal of this one site (a 4xx) is its failure, counted against the budget; anything
        // transient retries the whole wave, which skips the sites already moved.
        if (!error.permanent) throw e;
        if (!(await write(store.siteFields({ ...record, state: "failed", note: error.message }))))
          return outcome(ctx, name, "stopped", "rollout moved on");
      }
    }
    const failed = (await store.sites(core.id)).filter((s) => s.state === "failed");
    if (failed.length > core.request.max_failures) {
      const reason = `${failed.length} site(s) could not be moved, more than max_failures ${core.request.max_failures}: ${failed
        .map((s) => `${sitePlanOf(core.plan, s.site_id)?.site_name ?? s.site_id} (${s.note ?? "failed"})`)
        .join("; ")}`;
      await store.halt(
        core.id,
        generation,
        { wave, reason, at: nowIso(), kind: "failures" },
        { ...w, state: "halted", finished_at: nowIso(), note: reason },
      );
      return outcome(ctx, name, "halted", reason);
    }
    const now = Date.now();
    w = { ...w, state: "soaking", rebound_ms: now, soak_until_ms: now + core.request.soak_seconds * 1000 };
    if (!(await write(store.waveFields(wave, w)))) return outcome(ctx, name, "stopped", "rollout moved on");
    ctx.log.info({ soak_s: core.request.soak_seconds }, "rollout wave rebound; soaking");
  }

  if (w.state === "soaking") {
    const left = (w.soak_until_ms ?? 0) - Date.now();
    if (left > 0) return parkJob(ctx.job, ctx.token, left);
    const moved = (await store.sites(core.id))
      .filter((s) => s.wave === wave && s.state === "moved")
      .map((s) => s.site_id);
    const after = await readSles(mist, core, moved, w.rebound_ms ?? Date.now(), Date.now());
    const verdict = evaluateSle(moved, w.baseline ?? {}, after, guard);
    const judged: RolloutWaveRecord = { ...w, after, sle: verdict.deltas, finished_at: nowIso() };
    if (verdict.breached) {
      const reason = `SLE guard: ${verdict.reasons.join("; ")}`;
      await store.halt(
        core.id,
        generation,
        { wave, reason, at: nowIso(), kind: "sle" },
        { ...judged, state: "halted", note: reason },
      );
      return outcome(ctx, name, "halted", reason);
    }
    if (!(await write(store.waveFields(wave, { ...judged, state: "succeeded" }))))
      return outcome(ctx, name, "stopped", "rollout moved on");
    return outcome(ctx, name, "succeeded", `${moved.length} site(s) moved and within the SLE guard`);
  }
  return outcome(ctx, name, "stopped", `wave is ${w.state}`);
}

/** After the last wave: the old versions' copies no site uses any more go, and the rollout ends. */
export async function cleanupPhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const { core, store, generation } = ctx;
  // Every site is on the target: labels stop matching the old versions' WLANs before those go.
  const target = await versionBlueprint(ctx, core.target_version);
  if (labelsMatchWlans(target.blueprint)) {
    await ctx.deps.catalog.forgetOrg(core.org_id);
    await runOrgSteps(ctx.deps, ctx.mist, core.org_id, target.blueprint, ctx.log);
  }
  const copies: CopyToDelete[] = core.plan.objects
    .filter((o) => o.action === "delete" && o.mist_id)
    .map((o) => ({ kind: o.kind, name: o.name, mist_id: o.mist_id as string }));
  const { deleted, kept } = await deleteUnusedCopies(ctx.mist, core.org_id, copies);
  // Deployments must not find the deleted copies in what the steps remember of the org.
  await ctx.deps.catalog.forgetOrg(core.org_id);
  const r = await store.transition(core.id, ["running"], "succeeded", {
    generation,
    fields: { cleanup: { state: "succeeded", finished_at: nowIso(), deleted, kept } },
  });
  if (!r.ok) return outcome(ctx, "cleanup", "stopped", `rollout is ${r.status}`);
  return outcome(ctx, "cleanup", "succeeded", `deleted ${deleted.length}, kept ${kept.length}`);
}

/**
 * Every site the rollout moved goes back to the version it came from: that version's objects
 * are ensured first (the steps re-create copies a finished rollout had deleted, and put shared
 * objects back), then each site is rebound with one PUT. Last, the target's own copies that no
 * site uses are deleted.
 */
export async function rollbackPhase(ctx: PhaseContext): Promise<PhaseOutcome> {
  const { core, store, generation, mist } = ctx;
  const write = async (fields: Record<string, unknown>) =>
    (await store.write(core.id, generation, ["rolling_back"], fields)) === "ok";
  const prepared = await store.phase(core.id, "prepare");
  const targetGroup = prepared.ids?.sitegroup_id;
  // Every site of every wave that started, recorded as moved or not: a wave stopped between its
  // PUT and its record (a kill -9, or this very rollback) may have moved a site it never noted.
  // Moving a site that is already on its old version writes nothing.
  const records = new Map((await store.sites(core.id)).map((s) => [s.site_id, s]));
  const started: number[] = [];
  for (const w of core.plan.waves)
    if ((await store.wave(core.id, w.wave)).state !== "pending") started.push(w.wave);
  const moved = core.plan.waves
    .filter((w) => started.includes(w.wave))
    .flatMap((w) =>
      w.site_ids.map(
        (siteId) =>
          records.get(siteId) ?? {
            site_id: siteId,
            wave: w.wave,
            state: "moved" as const,
            version: core.target_version,
            at: nowIso(),
          },
      ),
    )
    .filter((s) => s.state !== "rolled_back");
  const versions = [...new Set(moved.map((s) => sitePlanOf(core.plan, s.site_id)?.from_version))]
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  for (const v of versions) {
    const from = await versionBlueprint(ctx, v);
    await ctx.deps.catalog.forgetOrg(core.org_id);
    // Labels match the target's WLANs too until the moved sites are back, then only their own.
    const retained = await oldWlanIds(ctx, from.blueprint, [core.target_version]);
    const ids = await runOrgSteps(ctx.deps, mist, core.org_id, from.blueprint, ctx.log, retained);
    for (const s of moved.filter((m) => sitePlanOf(core.plan, m.site_id)?.from_version === v)) {
      const result = await moveSite(
        mist,
        s.site_id,
        ids,
        targetGroup && targetGroup !== ids.sitegroup_id ? [targetGroup] : [],
      );
      if (result.state === "moved") await recordBinding(ctx, s.site_id, v, from.digest);
      const note = result.state === "gone" ? "the site is gone from Mist" : `back on version ${v}`;
      if (!(await write(store.siteFields({ ...s, state: "rolled_back", version: v, at: nowIso(), note }))))
        return outcome(ctx, "rollback", "stopped", "rollout moved on");
    }
  }

  for (const v of versions) {
    const from = await versionBlueprint(ctx, v);
    if (!labelsMatchWlans(from.blueprint)) continue;
    await ctx.deps.catalog.forgetOrg(core.org_id);
    await runOrgSteps(ctx.deps, mist, core.org_id, from.blueprint, ctx.log);
  }

  // The target's own copies: created for this rollout, used by no version a site is on now.
  const copies: CopyToDelete[] = [];
  const templateId = await targetWlanTemplateId(ctx);
  for (const o of core.plan.objects) {
    if (o.scope !== "versioned" || o.action !== "create") continue;
    const kind = MIST_KIND[o.kind];
    if (!kind) continue;
    const found =
      o.kind === "wlan" || o.kind === "wlan_policy"
        ? templateId
          ? (await mist.orgObjects.list(core.org_id, kind)).find(
              (x) =>
                x.template_id === templateId &&
                (o.kind === "wlan" ? x.ssid === o.name : `order ${x.order}` === o.name),
            )
          : undefined
        : await mist.orgObjects.findByName(core.org_id, kind, o.name);
    if (found) copies.push({ kind: o.kind, name: o.name, mist_id: found.id });
  }
  const { deleted, kept } = await deleteUnusedCopies(mist, core.org_id, copies);
  await ctx.deps.catalog.forgetOrg(core.org_id);
  const r = await store.transition(core.id, ["rolling_back"], "rolled_back", {
    generation,
    fields: { rollback: { state: "succeeded", finished_at: nowIso(), deleted, kept } },
  });
  if (!r.ok) return outcome(ctx, "rollback", "stopped", `rollout is ${r.status}`);
  return outcome(ctx, "rollback", "succeeded", `${moved.length} site(s) back; deleted ${deleted.length}`);
}

/** The WLAN template the rollout created, if it created one: its WLANs and policies go with it. */
async function targetWlanTemplateId(ctx: PhaseContext): Promise<string | undefined> {
  const created = ctx.core.plan.objects.find(
    (o) => o.kind === "wlan_template" && o.scope === "versioned" && o.action === "create",
  );
  if (!created) return undefined;
  return (await ctx.mist.orgObjects.findByName(ctx.core.org_id, "templates", created.name))?.id;
}

/**
 * Per SSID, the WLANs of the other versions' WLAN templates (when the target has a template of
 * its own): labels keep matching them while sites are still on those versions.
 */
async function oldWlanIds(
  ctx: PhaseContext,
  target: Blueprint,
  versions: readonly number[] = ctx.core.plan.from_versions,
): Promise<Record<string, string[]>> {
  const { core, mist } = ctx;
  if (!labelsMatchWlans(target) || !target.wlan_template) return {};
  const templates = await mist.orgObjects.list(core.org_id, "templates");
  const oldTemplates = new Set<string>();
  for (const v of versions) {
    const name = (await versionBlueprint(ctx, v)).blueprint.wlan_template?.name;
    if (!name || name === target.wlan_template.name) continue;
    for (const t of templates) if (t.name === name) oldTemplates.add(t.id);
  }
  if (oldTemplates.size === 0) return {};
  const out: Record<string, string[]> = {};
  for (const w of await mist.orgObjects.list(core.org_id, "wlans")) {
    if (typeof w.template_id !== "string" || !oldTemplates.has(w.template_id) || typeof w.ssid !== "string")
      continue;
    out[w.ssid] = [...(out[w.ssid] ?? []), w.id];
  }
  return out;
}

/** Labels that match WLANs by id: the only objects that must follow sites from version to version. */
const labelsMatchWlans = (bp: Blueprint) => bp.labels.some((l) => l.wlan_ssids);
