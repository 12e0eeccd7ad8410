import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

type Status = "ok" | "warning" | "fail";
interface Item {
  status: Status;
  reason: string;
}

/** The part of `GET /v1/orgs/{id}/probe` the table shows (the API's openapi has the whole shape). */
export interface ProbeAnswer {
  org_id: string;
  ok: boolean;
  tokens: Array<{ alias: string; ok: boolean; kind?: string; role?: string | null; problem?: string }>;
  preflight: { ok: boolean; token: Item; source_ip: Item; auto_upgrade: Item; marvis: Item };
}

export interface ProbeOptions {
  org: string;
  json: boolean;
}

const ITEMS = [
  ["token", "token kind and role"],
  ["source_ip", "source-IP policy"],
  ["auto_upgrade", "AP auto-upgrade"],
  ["marvis", "Marvis self-driving"],
] as const;

export function formatProbe(r: ProbeAnswer): string[] {
  const lines = [`pre-flight of org ${r.org_id}`];
  const width = Math.max(...ITEMS.map(([, label]) => label.length));
  for (const [key, label] of ITEMS) {
    const item = r.preflight[key];
    lines.push(`  ${label.padEnd(width)}  ${item.status.padEnd(7)}  ${item.reason}`);
  }
  for (const t of r.tokens)
    lines.push(
      `  token ${t.alias}: ${t.ok ? "ok" : "cannot be used"} (${[t.kind, t.role].filter(Boolean).join(", ") || t.problem || "?"})`,
    );
  lines.push("  how to fix each item: docs/preflight.md");
  return lines;
}

/** Exit status: 1 when an item failed, so a pipeline stops before it deploys into a trap. */
export function probeExitCode(r: ProbeAnswer): number {
  return ITEMS.some(([key]) => r.preflight[key].status === "fail") ? 1 : 0;
}

/** `probe --org <id>`: the pre-flight table of a real org (docs/preflight.md). */
export async function probeCommand(api: IntakeClient, o: ProbeOptions, io: Output): Promise<number> {
  const report = await api.probe(o.org);
  if (o.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of formatProbe(report)) io.out(line);
  return probeExitCode(report);
}
