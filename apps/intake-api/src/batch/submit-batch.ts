import type { RedisClient } from "@mistflow/config";
import {
  type BatchAccepted,
  type BatchRowError,
  DeploymentRequest,
  type ValidatedRow,
} from "@mistflow/contracts";
import {
  type BatchStore,
  batchIdFor,
  deploymentIdFor,
  naturalIdempotencyKey,
  requestDigest,
} from "@mistflow/deployments";
import type { LintIssue } from "@mistflow/mist-spec";
import { resolveBlueprint } from "../blueprints";
import { ApiError, fieldIssues } from "../errors";
import { type SubmitDeps, submitDeployment } from "../submit";

export interface BatchDeps extends SubmitDeps {
  batches: BatchStore;
  redis: RedisClient;
}

/** Submits this many sites at a time: enough to keep Redis busy, few enough to share it. */
const SUBMIT_CONCURRENCY = 25;

const batchLocation = (id: string) => `/v1/batches/${id}`;

/** JSON items checked like single requests; fields named as the caller wrote them. */
export function validateJsonItems(items: readonly unknown[]): {
  valid: ValidatedRow[];
  issues: BatchRowError[];
} {
  const valid: ValidatedRow[] = [];
  const issues: BatchRowError[] = [];
  items.forEach((item, i) => {
    const row = i + 1;
    const parsed = DeploymentRequest.safeParse(item);
    if (!parsed.success) {
      for (const issue of fieldIssues(parsed.error)) issues.push({ row, ...issue });
    } else if (parsed.data.ticket) {
      issues.push({ row, field: "ticket", message: "is set by the /v1/webhooks/* endpoints only" });
    } else valid.push({ row, request: parsed.data });
  });
  return { valid, issues };
}

const pinKey = (r: ValidatedRow) => `${r.request.blueprint}@${r.request.blueprint_version ?? ""}`;

/** Each distinct blueprint pin of the batch, resolved once: what is wrong with it, if anything. */
async function pinnedVersionIssues(deps: BatchDeps, rows: readonly ValidatedRow[]) {
  const found = new Map<string, string>();
  const pinned = new Map(
    rows.filter((r) => r.request.blueprint_version !== undefined).map((r) => [pinKey(r), r.request]),
  );
  for (const [key, request] of pinned) {
    if (!deps.catalog.get(request.blueprint)) continue;
    try {
      await resolveBlueprint(deps, request.blueprint, request.blueprint_version);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      found.set(key, e.issues?.[0]?.message ?? e.message);
    }
  }
  return found;
}

/**
 * The blueprint lint of each distinct blueprint pin, reported once, on the first row that uses it:
 * a thousand-row sheet of one blueprint gets its findings once, not a thousand times.
 */
async function lintIssuesOf(deps: BatchDeps, rows: readonly ValidatedRow[]) {
  const issues: BatchRowError[] = [];
  const warnings: LintIssue[] = [];
  if (!deps.lint) return { issues, warnings };
  const firstByPin = new Map<string, ValidatedRow>();
  for (const r of rows) if (!firstByPin.has(pinKey(r))) firstByPin.set(pinKey(r), r);
  for (const [key, r] of firstByPin) {
    if (!deps.catalog.get(r.request.blueprint)) continue;
    let loaded: Awaited<ReturnType<typeof resolveBlueprint>>;
    try {
      loaded = await resolveBlueprint(deps, r.request.blueprint, r.request.blueprint_version);
    } catch (e) {
      // An unknown pin is reported by serverChecks already.
      if (e instanceof ApiError) continue;
      throw e;
    }
    const report = deps.lint.report(loaded);
    const others = rows.filter((o) => pinKey(o) === key).length - 1;
    const shared = others > 0 ? ` (and ${others} other row(s) of blueprint ${r.request.blueprint})` : "";
    for (const e of report.errors)
      issues.push({
        row: r.row,
        ...(r.line !== undefined ? { line: r.line } : {}),
        field: e.path,
        message: `${e.message}${shared}`,
      });
    warnings.push(...report.warnings.filter((w) => !warnings.some((k) => k.path === w.path)));
  }
  return { issues, warnings };
}

/**
 * What a single submit would refuse with a 4xx, checked for every row before anything is
 * written: unknown blueprint or zone, two rows that are one deployment, a site already deployed
 * with different fields.
 */
async function serverChecks(deps: BatchDeps, rows: readonly ValidatedRow[]): Promise<BatchRowError[]> {
  const issues: BatchRowError[] = [];
  const firstById = new Map<string, ValidatedRow>();
  const where = (r: ValidatedRow) => ({ row: r.row, ...(r.line !== undefined ? { line: r.line } : {}) });
  const ids = rows.map((r) => deploymentIdFor(r.request.org_id, naturalIdempotencyKey(r.request)));
  // The store has no read of the digest alone, and a whole record per row would be 1,000 reads.
  const digests = await Promise.all(ids.map((id) => deps.redis.hget(deps.store.key(id), "request_digest")));
  const pins = await pinnedVersionIssues(deps, rows);
  rows.forEach((r, i) => {
    const id = ids[i] as string;
    if (!deps.catalog.get(r.request.blueprint)) {
      issues.push({
        ...where(r),
        field: "blueprint",
        message: `unknown blueprint "${r.request.blueprint}" (known: ${deps.catalog.names().join(", ")})`,
      });
    } else {
      const pinIssue = pins.get(pinKey(r));
      if (pinIssue) issues.push({ ...where(r), field: "blueprint_version", message: pinIssue });
    }
    if (!deps.regions.includes(r.request.site.region)) {
      issues.push({
        ...where(r),
        field: "region",
        message: `unknown IPAM zone "${r.request.site.region}" (known: ${deps.regions.join(", ")})`,
      });
    }
    const first = firstById.get(id);
    if (first) {
      const ref = first.line !== undefined ? `line ${first.line}` : `row ${first.row}`;
      issues.push({ ...where(r), field: "site_name", message: `same site as ${ref}` });
    } else firstById.set(id, r);
    const existing = digests[i];
    if (existing && existing !== requestDigest(r.request)) {
      issues.push({
        ...where(r),
        field: "site_name",
        message: `site already deployed with different fields (deployment ${id})`,
      });
    }
  });
  return issues;
}

export type BatchOutcome =
  | { ok: false; issues: BatchRowError[]; lintWarnings: LintIssue[] }
  | { ok: true; created: boolean; body: BatchAccepted; lintWarnings: LintIssue[] };

/** All rows valid, or nothing enqueued; then one deployment per row, grouped under one batch id. */
export async function submitBatch(
  deps: BatchDeps,
  rows: readonly ValidatedRow[],
  earlier: readonly BatchRowError[],
): Promise<BatchOutcome> {
  const lint = await lintIssuesOf(deps, rows);
  const issues = [...earlier, ...(await serverChecks(deps, rows)), ...lint.issues].sort(
    (a, b) => (a.line ?? a.row) - (b.line ?? b.row),
  );
  if (issues.length > 0) return { ok: false, issues, lintWarnings: lint.warnings };

  const ids = rows.map((r) => deploymentIdFor(r.request.org_id, naturalIdempotencyKey(r.request)));
  const id = batchIdFor(ids);
  const created = await deps.batches.save(
    id,
    rows.map((r, i) => ({
      id: ids[i] as string,
      row: r.row,
      ...(r.line !== undefined ? { line: r.line } : {}),
    })),
  );
  const results: Array<Awaited<ReturnType<typeof submitDeployment>>> = [];
  for (let i = 0; i < rows.length; i += SUBMIT_CONCURRENCY) {
    const chunk = rows.slice(i, i + SUBMIT_CONCURRENCY);
    results.push(...(await Promise.all(chunk.map((r) => submitDeployment(deps, r.request, undefined)))));
  }
  return {
    ok: true,
    created,
    lintWarnings: lint.warnings,
    body: {
      id,
      location: batchLocation(id),
      total: rows.length,
      created: results.filter((r) => r.created).length,
      deployments: results.map((r, i) => ({
        row: (rows[i] as ValidatedRow).row,
        ...((rows[i] as ValidatedRow).line !== undefined ? { line: (rows[i] as ValidatedRow).line } : {}),
        id: r.view.id,
        site_name: r.view.site_name,
        status: r.view.status,
      })),
    },
  };
}
