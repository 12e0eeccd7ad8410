import type { ConvergeResponse, DriftReport, PlanFieldChange } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

export interface DriftOptions {
  org: string;
  last: boolean;
  converge: boolean;
  siteIds?: string;
  dryRun: boolean;
  json: boolean;
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const change = (c: PlanFieldChange) => `      ${c.path}: ${show(c.current ?? null)} → ${show(c.desired)}`;

function formatDrift(r: DriftReport): string[] {
  const s = r.summary;
  const lines = [
    `drift in org ${r.org_id} at ${r.checked_at}: ${s.objects_drifted} of ${s.objects_checked} objects, ${s.sites_drifted} of ${s.sites_checked} sites`,
  ];
  for (const o of r.objects) {
    lines.push(`  ${o.kind} ${o.name} (${o.blueprint} v${o.version}): ${o.state}`);
    for (const c of o.changes ?? []) lines.push(change(c));
  }
  for (const site of r.sites) {
    lines.push(
      `  site ${site.site_name} (${site.site_id}, ${site.blueprint} v${site.version}): ${site.state}`,
    );
    for (const c of site.changes) lines.push(change(c));
  }
  // Not drift: Marvis self-driving did it, and converge leaves it in place (docs/preflight.md).
  for (const m of r.mist_made ?? [])
    lines.push(
      `  mist-made at ${m.site_name}: marvis ${m.op ?? "change"} ${[m.mac, m.port_id].filter(Boolean).join(" ")}${m.reason ? ` (${m.reason})` : ""}`,
    );
  if (r.objects.length + r.sites.length === 0) lines.push("  no drift: Mist is as mistflow made it");
  return lines;
}

function formatConverge(r: ConvergeResponse): string[] {
  const lines = formatDrift(r.drift);
  if (r.targets.length === 0) lines.push("nothing to converge");
  for (const t of r.targets)
    lines.push(
      `converge ${t.site_name} (${t.blueprint} v${t.version}): ${t.reason}${t.deployment_id ? ` → deployment ${t.deployment_id}` : r.dry_run ? " (dry run)" : ""}`,
    );
  return lines;
}

/** `drift --org <id>`: live drift (or the last scheduled report); `--converge` puts sites back. */
export async function driftCommand(api: IntakeClient, o: DriftOptions, io: Output): Promise<number> {
  if (o.converge) {
    const siteIds = o.siteIds
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const r = await api.converge({
      org_id: o.org,
      dry_run: o.dryRun,
      ...(siteIds ? { site_ids: siteIds } : {}),
    });
    if (o.json) io.out(JSON.stringify(r, null, 2));
    else for (const line of formatConverge(r)) io.out(line);
    return 0;
  }
  const report = await api.drift(o.org, o.last);
  if (o.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of formatDrift(report)) io.out(line);
  // Like `diff`: 1 when something drifted, so a cron job can alert on it.
  return report.objects.length + report.sites.length > 0 ? 1 : 0;
}
