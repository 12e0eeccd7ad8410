import type { BlueprintDetail, BlueprintSummary } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

const sitesText = (byVersion: Record<string, number>) => {
  const parts = Object.entries(byVersion)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([v, n]) => `${n} on v${v}`);
  return parts.length > 0 ? parts.join(", ") : "no sites";
};

export function formatBlueprints(list: readonly BlueprintSummary[]): string[] {
  if (list.length === 0) return ["no blueprints registered"];
  return list.map(
    (b) =>
      `${b.name}  newest v${b.latest_version} (${b.versions} version${b.versions === 1 ? "" : "s"})  ${sitesText(b.sites_by_version)}`,
  );
}

/** One blueprint: per version its digest, the Mist names its templates take, and its sites. */
export function formatBlueprint(d: BlueprintDetail): string[] {
  const lines = [`blueprint ${d.name}, newest version ${d.latest_version}`];
  for (const v of [...d.versions].reverse()) {
    lines.push(
      `  v${v.version}  digest ${v.digest}  registered ${v.registered_at}  ${v.sites.length} site(s)`,
    );
    const objects = Object.entries(v.objects).map(([k, name]) => `${k} "${name}"`);
    if (objects.length > 0) lines.push(`      ${objects.join(", ")}`);
    for (const s of v.sites) lines.push(`      ${s.site_name} (${s.site_id}) since ${s.bound_at}`);
  }
  return lines;
}

/** `blueprints [name]`: what the registry holds, and which sites run which version. */
export async function blueprintsCommand(
  api: IntakeClient,
  name: string | undefined,
  json: boolean,
  io: Output,
): Promise<number> {
  const answer = name ? await api.blueprint(name) : await api.blueprints();
  if (json) io.out(JSON.stringify(answer, null, 2));
  else
    for (const line of name
      ? formatBlueprint(answer as BlueprintDetail)
      : formatBlueprints(answer as BlueprintSummary[]))
      io.out(line);
  return 0;
}
