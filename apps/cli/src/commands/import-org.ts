import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImportView } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

export interface ImportOptions {
  org: string;
  /** Where the blueprint YAML files go (one per template family). */
  out?: string;
  dryRun: boolean;
  /** Keep per-site copies of one template apart instead of merging them with site variables. */
  keepLookAlikes: boolean;
  json: boolean;
}

/**
 * `import --org <id> [--out dir]`: reads a hand-built org through the API (which makes GETs
 * only), writes one blueprint file per template family for review, and prints the adoptions and
 * every warning. Exit 0 even with warnings: they are what a person reviews next.
 */
export async function importOrgCommand(api: IntakeClient, o: ImportOptions, io: Output): Promise<number> {
  const view = (await api.importOrg({
    org_id: o.org,
    dry_run: o.dryRun,
    merge_lookalikes: !o.keepLookAlikes,
  })) as ImportView;
  const written: string[] = [];
  if (o.out) {
    await mkdir(o.out, { recursive: true });
    for (const b of view.blueprints) {
      const file = join(o.out, `${b.blueprint.name}.yaml`);
      await writeFile(file, b.yaml);
      written.push(file);
    }
  }
  if (o.json) {
    io.out(JSON.stringify(view, null, 2));
    return 0;
  }
  io.out(
    `${o.dryRun ? "dry run of an import" : `import ${view.id}`} of org ${view.org_id}: ${view.mist_reads} Mist reads, no writes`,
  );
  for (const b of view.blueprints) {
    const templates = Object.entries(b.templates)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    io.out(`  blueprint ${b.blueprint.name} (${templates}): ${b.sites.map((s) => s.name).join(", ")}`);
  }
  for (const a of view.adoptions) {
    const ip = a.ip_plan.block
      ? `IP block ${a.ip_plan.block}`
      : a.ip_plan.prefixes.length > 0
        ? `${a.ip_plan.prefixes.length} prefix(es)${o.dryRun ? "" : `, ${a.ip_plan.reserved} site block(s) reserved`}`
        : "no addresses in its variables";
    io.out(`  site ${a.site_name} → ${a.blueprint.name}: ${Object.keys(a.vars).length} variable(s), ${ip}`);
  }
  for (const f of written) io.out(`wrote ${f}`);
  if (view.warnings.length > 0) {
    io.out(`${view.warnings.length} warning(s):`);
    for (const w of view.warnings) io.out(`  - ${w}`);
  }
  return 0;
}
