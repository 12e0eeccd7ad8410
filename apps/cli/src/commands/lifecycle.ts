import { STEP_IDS, STEPS } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import { followDeployment } from "./follow-deployment";
import type { Output } from "./output";

/** `status <id>`: a batch (`bat-…`) as totals and one line per site, a deployment as its steps. */
export async function showStatus(api: IntakeClient, id: string, io: Output, json: boolean): Promise<number> {
  if (id.startsWith("bat-")) {
    const b = await api.getBatch(id);
    if (json) io.out(JSON.stringify(b, null, 2));
    else {
      const t = b.totals;
      io.out(
        `batch ${b.id}  ${b.total} sites: ${t.succeeded} succeeded, ${t.failed} failed, ${t.cancelled} cancelled, ${t.running} running, ${t.queued} queued`,
      );
      for (const d of b.deployments)
        io.out(
          `${d.id}  ${d.status.padEnd(9)}  ${d.site_name}${d.error ? `  (${d.error.step}: ${d.error.message})` : ""}`,
        );
    }
    return 0;
  }
  const v = await api.get(id);
  if (json) {
    io.out(JSON.stringify(v, null, 2));
    return 0;
  }
  io.out(`${v.id}  ${v.status}  ${v.site_name}  (${v.blueprint.name})`);
  for (const s of STEP_IDS) {
    const step = v.steps[s];
    const detail = step.error ? ` — ${step.error.message}` : step.note ? ` — ${step.note}` : "";
    io.out(`  ${s.padEnd(5)} ${step.state.padEnd(9)} ${STEPS[s].title}${detail}`);
  }
  return 0;
}

/** `retry <id>`: re-runs the failed deployment's unfinished steps; `--wait` follows them. */
export async function retry(api: IntakeClient, id: string, wait: boolean, io: Output): Promise<number> {
  const r = (await api.retry(id)) as { id: string; site_name: string; status: string };
  io.out(`retrying ${r.id} (${r.site_name}): ${r.status}`);
  return wait ? followDeployment(api, r.id, r.site_name, io) : 0;
}

export async function cancel(api: IntakeClient, id: string, io: Output): Promise<number> {
  const r = (await api.cancel(id)) as { id: string; status: string; removed_jobs: number };
  io.out(
    `cancelled ${r.id}: ${r.status}, ${r.removed_jobs} queued job(s) removed; a step in flight finishes its Mist call`,
  );
  return 0;
}
