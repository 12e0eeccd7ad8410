import type { LoadedBlueprint } from "@mistflow/blueprints";
import type { BlueprintLinter, LintIssue, LintReport } from "@mistflow/mist-spec";
import { ApiError, type FieldIssue } from "../errors";

/**
 * The blueprint lint as the API uses it: the linter compiled at start-up from `MIST_OPENAPI_SPEC`,
 * and one report per blueprint version (its digest), since a version never changes.
 */
export class BlueprintLint {
  private readonly reports = new Map<string, LintReport>();

  constructor(private readonly linter: BlueprintLinter) {}

  get spec() {
    return this.linter.spec;
  }

  report(loaded: LoadedBlueprint): LintReport {
    const key = `${loaded.blueprint.name}@${loaded.ref.digest}`;
    let report = this.reports.get(key);
    if (!report) {
      report = this.linter.lint(loaded.blueprint);
      // Versions are few; the bound only guards against a registry that grows without end.
      if (this.reports.size >= 1_000) this.reports.clear();
      this.reports.set(key, report);
    }
    return report;
  }
}

export interface LintDeps {
  /** Absent when no spec is configured: nothing is linted (the server warned at start). */
  lint?: BlueprintLint | undefined;
}

/** `prefix`: where the request named the blueprint in a list (`[2].` in a batch plan). */
export const lintIssues = (issues: readonly LintIssue[], prefix = "") =>
  issues.map((i) => ({ field: `${prefix}${i.path}`, path: `${prefix}${i.path}`, message: i.message }));

/** The 422: errors as `issues` like every 422, the warnings beside them so one round shows all. */
export const lintError = (name: string, issues: FieldIssue[], warnings: readonly LintIssue[]) =>
  new ApiError(
    422,
    "blueprint_lint_failed",
    `blueprint ${name} does not match Mist's schemas: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
    issues,
    warnings.length > 0 ? { lint_warnings: warnings } : undefined,
  );

/**
 * Errors are a 422 before anything is recorded, queued or sent to Mist; warnings (unknown
 * properties) are returned for the caller's answer. docs/blueprint-lint.md
 */
export function lintBlueprint(deps: LintDeps, loaded: LoadedBlueprint): LintIssue[] {
  if (!deps.lint) return [];
  const report = deps.lint.report(loaded);
  if (report.errors.length > 0)
    throw lintError(loaded.blueprint.name, lintIssues(report.errors), report.warnings);
  return report.warnings;
}

/** `lint_warnings` in an accepted answer, only when there are some. */
export const withLintWarnings = <T extends object>(body: T, warnings: readonly LintIssue[]) =>
  warnings.length > 0 ? { ...body, lint_warnings: warnings } : body;
