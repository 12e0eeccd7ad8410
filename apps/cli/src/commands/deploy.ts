import { readFile } from "node:fs/promises";
import type { BatchView, DeploymentRequest, SiteRowIssue } from "@mistflow/contracts";
import { BatchRejectedError, type IntakeClient } from "../api/intake-client";
import { describeIssue, readSitesCsv } from "../csv/read-sites-csv";
import { BatchProgress, terminalSink } from "../progress/batch-progress";
import { followDeployment } from "./follow-deployment";
import { type Output, sleep } from "./output";

export interface DeployCsvOptions {
  csv: string;
  blueprint?: string | undefined;
  org?: string | undefined;
  wait: boolean;
  timeoutMs?: number | undefined;
  pollMs?: number;
}

function reportBadRows(io: Output, file: string, issues: readonly SiteRowIssue[]) {
  const rows = new Set(issues.map((i) => i.line ?? i.row)).size;
  io.err(`${file}: ${rows} bad row(s); nothing was submitted`);
  for (const i of issues) io.err(`  ${describeIssue(i)}`);
}

/** Reads and checks the whole sheet, then submits it as one batch; `--wait` follows it to the end. */
export async function deployCsv(api: IntakeClient, opts: DeployCsvOptions, io: Output): Promise<number> {
  const { valid, issues } = readSitesCsv(await readFile(opts.csv, "utf8"), {
    org_id: opts.org,
    blueprint: opts.blueprint,
  });
  if (issues.length > 0) {
    reportBadRows(io, opts.csv, issues);
    return 1;
  }
  if (valid.length === 0) {
    io.err(`${opts.csv}: no sites`);
    return 1;
  }
  let submitted: Awaited<ReturnType<IntakeClient["submitBatch"]>>;
  try {
    submitted = await api.submitBatch(valid.map((v) => v.request));
  } catch (e) {
    if (!(e instanceof BatchRejectedError)) throw e;
    // The API numbers the rows it was sent; the sheet's lines are what the user can fix.
    const lineOf = new Map(valid.map((v, i) => [i + 1, v.line]));
    reportBadRows(
      io,
      opts.csv,
      e.rows.map((r) => {
        const line = lineOf.get(r.row);
        return { ...r, ...(line !== undefined ? { line } : {}) };
      }),
    );
    return 1;
  }
  const b = submitted.json;
  io.out(
    `batch ${b.id}: ${b.total} site(s) submitted, ${b.created} new${submitted.status === 200 ? " (submitted before)" : ""}`,
  );
  if (!opts.wait) {
    for (const d of b.deployments) io.out(`${d.id}  ${d.status.padEnd(9)}  ${d.site_name}`);
    return 0;
  }
  return waitForBatch(api, b.id, opts, io);
}

async function waitForBatch(
  api: IntakeClient,
  id: string,
  opts: { timeoutMs?: number | undefined; pollMs?: number },
  io: Output,
): Promise<number> {
  const progress = new BatchProgress(
    io.tty ? terminalSink(io.tty) : { line: io.out },
    io.tty?.rows ? Math.max(io.tty.rows - 2, 5) : 40,
  );
  const deadline = opts.timeoutMs ? Date.now() + opts.timeoutMs : Number.POSITIVE_INFINITY;
  let view: BatchView;
  for (;;) {
    view = await api.getBatch(id);
    progress.update(view);
    if (view.done) break;
    if (Date.now() > deadline) {
      io.err(`timed out waiting for batch ${id}; it goes on: mistflow status ${id}`);
      return 1;
    }
    await sleep(opts.pollMs ?? 1_000);
  }
  const t = view.totals;
  io.out(
    `done: ${t.succeeded} succeeded, ${t.failed + t.failed_assurance} failed, ${t.cancelled} cancelled (batch ${id})`,
  );
  return t.succeeded === view.total ? 0 : 1;
}

/** One request from a JSON file; `--wait` follows its event stream. */
export async function deployJson(
  api: IntakeClient,
  file: string,
  wait: boolean,
  io: Output,
): Promise<number> {
  const body = JSON.parse(await readFile(file, "utf8")) as DeploymentRequest;
  const submitted = await api.submit(body);
  io.out(JSON.stringify(submitted));
  if (!wait) return 0;
  return followDeployment(api, submitted.id, body.site?.name ?? submitted.id, io);
}
