import type { DecommissionPlan, DecommissionView } from "@mistflow/contracts";
import type { IntakeClient } from "../api/intake-client";
import type { Output } from "./output";

export interface DecommissionOptions {
  siteId: string;
  deleteSite: boolean;
  releaseDevices: boolean;
  /** `90s`, `30m`, `12h`, `7d`, or plain seconds; the server's default when absent. */
  quarantine?: string;
  dryRun: boolean;
  reason?: string;
  wait: boolean;
  json: boolean;
  timeoutMs?: number;
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `7d` → 604800; a bad value names the flag instead of reaching the API as NaN. */
export function parseQuarantine(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!m) throw new Error(`--quarantine: "${value}" is not a duration like 3600, 90s, 30m, 12h or 7d`);
  return Number(m[1]) * (UNIT_S[m[2] || "s"] as number);
}

function printPlan(plan: DecommissionPlan, io: Output): void {
  io.out(`decommission of ${plan.site_name} (${plan.site_id}), deployment ${plan.deployment_id}:`);
  for (const a of plan.actions)
    io.out(`  ${a.step.padEnd(16)} ${a.action.padEnd(10)} ${a.target}: ${a.detail}`);
  io.out(`${plan.writes} Mist write call(s) to make`);
}

const settled = (v: DecommissionView) =>
  v.status === "succeeded" || v.status === "failed" || v.status === "quarantined";

/**
 * `decommission <site-id>`: the plan first, always; then the teardown unless `--dry-run`.
 * `--wait` follows it until the site is torn down (its IP block may then sit in quarantine for
 * days: that is shown, not waited for) and exits 1 if it failed.
 */
export async function decommission(api: IntakeClient, o: DecommissionOptions, io: Output): Promise<number> {
  const body = {
    delete_site: o.deleteSite,
    release_devices: o.releaseDevices,
    dry_run: o.dryRun,
    ...(o.quarantine !== undefined ? { quarantine_seconds: parseQuarantine(o.quarantine) } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
  };
  const { json } = await api.decommission(o.siteId, body);
  if (o.dryRun) {
    const { plan } = json as { plan: DecommissionPlan };
    if (o.json) io.out(JSON.stringify(plan, null, 2));
    else printPlan(plan, io);
    return 0;
  }
  let view = json as DecommissionView;
  if (!o.json) {
    printPlan(view.plan, io);
    io.out(`${view.id}: ${view.status}`);
  }
  if (o.wait) {
    const deadline = Date.now() + (o.timeoutMs ?? 600_000);
    const seen = new Map<string, string>();
    while (!settled(view)) {
      if (Date.now() > deadline)
        throw new Error(`decommission ${view.id} still ${view.status} at the timeout`);
      await new Promise((r) => setTimeout(r, 500));
      view = await api.getDecommission(view.id);
      if (!o.json) {
        for (const [step, s] of Object.entries(view.steps)) {
          const line = `  ${step.padEnd(16)} ${s.state}${s.note ? ` — ${s.note}` : ""}${s.error ? ` — ${s.error}` : ""}`;
          if (seen.get(step) !== line && s.state !== "pending") io.out(line);
          seen.set(step, line);
        }
      }
    }
  }
  if (o.json) io.out(JSON.stringify(view, null, 2));
  else if (view.status === "quarantined")
    io.out(`${view.id}: torn down; IP block ${view.ip_block} held until ${view.quarantine_until}`);
  else
    io.out(`${view.id}: ${view.status}${view.error ? ` at ${view.error.step}: ${view.error.message}` : ""}`);
  return view.status === "failed" ? 1 : 0;
}
