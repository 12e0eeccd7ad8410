import { readFile } from "node:fs/promises";
import { PlanResponse } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import { describeIssue, readSitesCsv } from "../csv/read-sites-csv";
import type { Output } from "./output";

/** `plan --csv … --blueprint …`: the same sheet as `deploy`, sent to the dry run (`POST /v1/plan`). */
export async function planCsv(
  api: IntakeClient,
  opts: { csv: string; blueprint?: string | undefined; org?: string | undefined; json: boolean },
  io: Output,
): Promise<number> {
  const { valid, issues } = readSitesCsv(await readFile(opts.csv, "utf8"), {
    org_id: opts.org,
    blueprint: opts.blueprint,
  });
  if (issues.length > 0) {
    io.err(`${opts.csv}: ${new Set(issues.map((i) => i.line)).size} bad row(s); nothing was planned`);
    for (const i of issues) io.err(`  ${describeIssue(i)}`);
    return 1;
  }
  const raw = await api.plan(valid.map((v) => v.request));
  if (opts.json) {
    io.out(JSON.stringify(raw, null, 2));
    return 0;
  }
  const plan = PlanResponse.parse(raw);
  const s = plan.summary;
  io.out(
    `plan: ${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.problems} problem(s); ${plan.mist_reads} Mist reads, no writes`,
  );
  for (const bp of plan.blueprints)
    for (const o of bp.objects)
      if (o.action !== "unchanged") io.out(`  ${o.action.padEnd(7)} ${o.kind} ${o.name}`);
  for (const site of plan.sites) {
    const line = valid[site.index]?.line;
    const changes = site.objects.filter((o) => o.action !== "unchanged");
    io.out(
      `line ${line ?? "?"} ${site.site_name}: ${changes.map((o) => `${o.action} ${o.kind}`).join(", ") || "no change"}${site.ip_plan ? ` [${site.ip_plan.block}]` : ""}`,
    );
    for (const p of site.problems) io.out(`  problem: ${p}`);
  }
  return s.problems > 0 ? 1 : 0;
}
