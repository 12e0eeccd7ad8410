import { DeploymentRequest, PLAN_MAX_DEPLOYMENTS } from "@mistflow/contracts";
import type { TokenPool } from "@mistflow/mist-client";
import type { LintIssue } from "@mistflow/mist-spec";
import { mistReader, type PlanDeps, planDeployments } from "@mistflow/plan";
import { Hono } from "hono";
import { z } from "zod";
import { type BlueprintDeps, resolveBlueprint } from "../blueprints";
import { ApiError, type FieldIssue, fieldIssues, mistReadError, validationError } from "../errors";
import { type LintDeps, lintError, lintIssues, withLintWarnings } from "../lint";
import { readJson } from "./read-json";

export interface PlanRouteDeps extends Partial<BlueprintDeps>, LintDeps {
  ipam?: PlanDeps["ipam"];
  /** IPAM zone codes a site may name as its region. */
  regions: readonly string[];
  mist?: TokenPool | undefined;
}

const Batch = z.array(DeploymentRequest).min(1).max(PLAN_MAX_DEPLOYMENTS);

/**
 * `POST /v1/plan`: the dry run of one deployment or a batch. Validates exactly as
 * `POST /v1/deployments` does, then reads Mist and IPAM and answers what would change. It writes
 * nothing anywhere: no Mist call but GETs, no allocation, no record, no job.
 */
export function planRoutes(deps: PlanRouteDeps) {
  const app = new Hono();
  app.post("/", async (c) => {
    const body = await readJson(c);
    const batch = Array.isArray(body);
    const parsed = batch ? Batch.safeParse(body) : DeploymentRequest.safeParse(body);
    if (!parsed.success) throw validationError(fieldIssues(parsed.error));
    const requests = batch ? (parsed.data as DeploymentRequest[]) : [parsed.data as DeploymentRequest];
    const at = (i: number, field: string) => (batch ? `[${i}].${field}` : field);

    const issues: FieldIssue[] = [];
    requests.forEach((r, i) => {
      if (r.ticket)
        issues.push({ field: at(i, "ticket"), message: "is set by the /v1/webhooks/* endpoints only" });
    });
    if (issues.length > 0) throw validationError(issues);
    requests.forEach((r, i) => {
      if (!deps.catalog?.get(r.blueprint))
        issues.push({
          field: at(i, "blueprint"),
          message: `unknown blueprint "${r.blueprint}" (known: ${deps.catalog?.names().join(", ") ?? ""})`,
        });
      if (!deps.regions.includes(r.site.region))
        issues.push({
          field: at(i, "site.region"),
          message: `unknown IPAM zone "${r.site.region}" (known: ${deps.regions.join(", ")})`,
        });
    });
    if (issues.length > 0) throw validationError(issues, 422);

    // The blueprint lint, before any Mist read: a body Mist would refuse is a 422 here as at submit.
    const lintWarnings: LintIssue[] = [];
    if (deps.lint && deps.catalog) {
      const lintFailures: FieldIssue[] = [];
      for (const [i, r] of requests.entries()) {
        const loaded = await resolveBlueprint(
          { ...deps, catalog: deps.catalog },
          r.blueprint,
          r.blueprint_version,
          at(i, "blueprint"),
        );
        const report = deps.lint.report(loaded);
        const prefix = batch ? `[${i}].` : "";
        lintFailures.push(...lintIssues(report.errors, prefix));
        lintWarnings.push(...report.warnings.map((w) => ({ ...w, path: `${prefix}${w.path}` })));
      }
      if (lintFailures.length > 0)
        throw lintError(requests.map((r) => r.blueprint).join(", "), lintFailures, lintWarnings);
    }

    const { catalog, ipam, mist } = deps;
    if (!catalog || !ipam || !mist)
      throw new ApiError(503, "unavailable", "a plan needs a Mist token and IPAM configured on this server");
    for (const [i, r] of requests.entries()) {
      if (mist.entriesFor(r.org_id).length === 0)
        issues.push({ field: at(i, "org_id"), message: `no Mist token is configured for org ${r.org_id}` });
    }
    if (issues.length > 0) throw validationError(issues, 422);

    try {
      return c.json(
        withLintWarnings(
          await planDeployments(
            {
              resolveBlueprint: (name, version) =>
                resolveBlueprint(
                  { catalog, ...(deps.registry ? { registry: deps.registry } : {}) },
                  name,
                  version,
                ),
              ipam,
            },
            mistReader((orgId) => mist.clientFor(orgId)),
            requests,
          ),
          lintWarnings,
        ),
      );
    } catch (e) {
      throw mistReadError(c, e);
    }
  });
  return app;
}
