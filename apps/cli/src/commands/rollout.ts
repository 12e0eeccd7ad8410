import type { RolloutPlan, RolloutRequestInput, RolloutWave } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

export interface RolloutOptions {
  blueprint: string;
  org: string;
  version?: string;
  /** `1,25%,100%`; `sitegroup:<id>` for a site group's sites. */
  waves?: string;
  dryRun: boolean;
  json: boolean;
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

/** `rollout <blueprint> --org <id>`: the plan of moving the org's bound sites to a version. */
export async function rolloutCommand(api: IntakeClient, o: RolloutOptions, io: Output): Promise<number> {
  const body: RolloutRequestInput = {
    org_id: o.org,
    dry_run: o.dryRun,
    ...(o.version !== undefined ? { target_version: Number(o.version) } : {}),
    ...(o.waves !== undefined ? { waves: parseWaves(o.waves) } : {}),
  };
  const { json } = await api.rollout(o.blueprint, body);
  const { plan } = json as { plan: RolloutPlan };
  if (o.json) io.out(JSON.stringify(plan, null, 2));
  else for (const line of formatRolloutPlan(plan)) io.out(line);
  return plan.problems.length > 0 ? 1 : 0;
}
