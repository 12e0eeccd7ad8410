import type {
  RolloutPlan,
  RolloutRequestInput,
  RolloutSummary,
  RolloutView,
  RolloutWave,
} from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import { type Output, sleep } from "./output";

export interface RolloutOptions {
  blueprint: string;
  org: string;
  version?: string;
  /** `1,25%,100%`; `sitegroup:<id>` for a site group's sites. */
  waves?: string;
  /** Seconds of soak after each wave; the server's default when absent. */
  soak?: string;
  maxFailures?: string;
  dryRun: boolean;
  wait: boolean;
  json: boolean;
  timeoutMs?: number;
}

/** `1,25%,100%` → the waves of the request; a bad item names the flag. */
export function parseWaves(value: string): RolloutWave[] {
  return value.split(",").map((raw) => {
    const item = raw.trim();
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(item);
    if (percent) return { percent: Number(percent[1]) };
    if (/^\d+$/.test(item)) return { sites: Number(item) };
    const group = /^sitegroup:(.+)$/.exec(item);
    if (group?.[1]) return { sitegroup_id: group[1] };
    throw new Error(`--waves: "${item}" is not a site count (1), a share (25%) or sitegroup:<id>`);
  });
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function formatRolloutPlan(plan: RolloutPlan): string[] {
  const lines = [
    `rollout of ${plan.blueprint} to version ${plan.target.version} in org ${plan.org_id} (sites now on ${
      plan.from_versions.map((v) => `v${v}`).join(", ") || "no version"
    })`,
  ];
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  lines.push("objects:");
  for (const o of plan.objects) {
    const copy = o.copy_of ? `  copy of ${o.copy_of.name}` : "";
    const when = o.phase === "after_last_wave" ? "  (after the last wave)" : "";
    lines.push(`  ${o.kind.padEnd(16)} ${o.name.padEnd(32)} ${o.action.padEnd(9)}${copy}${when}`);
    for (const c of o.changes ?? []) lines.push(`      ${c.path}: ${show(c.current)} → ${show(c.desired)}`);
  }
  lines.push("waves:");
  for (const w of plan.waves) {
    const names = w.site_ids.map((id) => plan.sites.find((s) => s.site_id === id)?.site_name ?? id);
    const shown = names.slice(0, 5).join(", ") + (names.length > 5 ? ", …" : "");
    lines.push(`  wave ${w.wave}  ${w.target.padEnd(14)} ${w.site_ids.length} sites  ${shown}`);
  }
  const fields = [...new Set(plan.sites.flatMap((s) => s.bindings.map((b) => b.path)))];
  if (fields.length > 0) lines.push(`each moved site changes: ${fields.join(", ")}`);
  for (const p of plan.problems) lines.push(`  problem: ${p}`);
  const s = plan.summary;
  lines.push(
    `${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.delete} to delete; ${s.sites} site(s) to move; ${s.writes} Mist write call(s); ${plan.reads} read(s) made`,
  );
  return lines;
}

const SETTLED = new Set(["halted", "aborted", "succeeded", "failed", "rolled_back"]);

function formatRollout(v: RolloutView): string[] {
  const lines = [
    `${v.id}: ${v.blueprint} to version ${v.target_version}, ${v.status} (${v.summary.moved}/${v.summary.sites} sites moved, ${v.summary.failed} failed)`,
  ];
  for (const w of v.waves)
    lines.push(
      `  wave ${w.wave}  ${w.target.padEnd(14)} ${String(w.site_ids.length).padStart(4)} sites  ${w.state}`,
    );
  if (v.halt) lines.push(`  halted at wave ${v.halt.wave} (${v.halt.kind}): ${v.halt.reason}`);
  if (v.cleanup.deleted?.length) lines.push(`  deleted: ${v.cleanup.deleted.join(", ")}`);
  if (v.rollback?.deleted?.length) lines.push(`  rolled back; deleted: ${v.rollback.deleted.join(", ")}`);
  return lines;
}

async function follow(api: IntakeClient, id: string, io: Output, timeoutMs: number): Promise<RolloutView> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const v = await api.getRollout(id);
    const state = `${v.status} ${v.waves.map((w) => w.state).join(",")}`;
    if (state !== last)
      io.out(
        `${new Date().toISOString()}  ${v.status}  waves: ${v.waves.map((w) => `${w.wave}=${w.state}`).join(" ")}`,
      );
    last = state;
    if (SETTLED.has(v.status) || Date.now() > deadline) return v;
    await sleep(1_000);
  }
}

/**
 * `rollout <blueprint> --org <id>`: the plan of moving the org's bound sites to a version, then
 * (without `--dry-run`) the rollout itself; `--wait` follows it and exits 1 unless it succeeded.
 */
export async function rolloutCommand(api: IntakeClient, o: RolloutOptions, io: Output): Promise<number> {
  const body: RolloutRequestInput = {
    org_id: o.org,
    dry_run: o.dryRun,
    ...(o.version !== undefined ? { target_version: Number(o.version) } : {}),
    ...(o.waves !== undefined ? { waves: parseWaves(o.waves) } : {}),
    ...(o.soak !== undefined ? { soak_seconds: Number(o.soak) } : {}),
    ...(o.maxFailures !== undefined ? { max_failures: Number(o.maxFailures) } : {}),
  };
  const { json } = await api.rollout(o.blueprint, body);
  const { plan } = json as { plan: RolloutPlan };
  if (o.dryRun) {
    if (o.json) io.out(JSON.stringify(plan, null, 2));
    else for (const line of formatRolloutPlan(plan)) io.out(line);
    return plan.problems.length > 0 ? 1 : 0;
  }
  let view = json as RolloutView;
  if (!o.json) {
    for (const line of formatRolloutPlan(plan)) io.out(line);
    io.out(`${view.id}: ${view.status}`);
  }
  if (o.wait)
    view = await follow(api, view.id, o.json ? { ...io, out: () => {} } : io, o.timeoutMs ?? 3_600_000);
  if (o.json) io.out(JSON.stringify(view, null, 2));
  else if (o.wait) for (const line of formatRollout(view)) io.out(line);
  return !o.wait || view.status === "succeeded" ? 0 : 1;
}

function formatRollouts(list: readonly RolloutSummary[]): string[] {
  if (list.length === 0) return ["no rollouts"];
  return list.map(
    (r) =>
      `${r.id}  ${r.blueprint} → v${r.target_version}  ${r.status.padEnd(12)} ${r.summary.moved}/${r.summary.sites} moved  org ${r.org_id}  ${r.updated_at}`,
  );
}

/** `rollouts [id] [--abort|--resume|--rollback]`: list, show, or act on a rollout. */
export async function rolloutsCommand(
  api: IntakeClient,
  id: string | undefined,
  action: "abort" | "resume" | "rollback" | undefined,
  o: { wait: boolean; json: boolean; timeoutMs?: number },
  io: Output,
): Promise<number> {
  if (!id) {
    const list = await api.rollouts();
    if (o.json) io.out(JSON.stringify(list, null, 2));
    else for (const line of formatRollouts(list)) io.out(line);
    return 0;
  }
  let view = action ? await api.rolloutAction(id, action) : await api.getRollout(id);
  if (o.wait) view = await follow(api, id, o.json ? { ...io, out: () => {} } : io, o.timeoutMs ?? 3_600_000);
  if (o.json) io.out(JSON.stringify(view, null, 2));
  else for (const line of formatRollout(view)) io.out(line);
  if (!o.wait) return 0;
  return view.status === (action === "rollback" ? "rolled_back" : "succeeded") ? 0 : 1;
}
