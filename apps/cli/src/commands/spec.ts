import { readFile } from "node:fs/promises";
import { BlueprintError, parseBlueprint } from "@mistflow/blueprints";
import { loadBlueprintLinter, specLocation } from "@mistflow/mist-spec";
import type { Output } from "./output";

const SPEC_SOURCE_URL = "https://github.com/mistsys/mist_openapi";

export interface SpecOptions {
  /** Where `MIST_OPENAPI_SPEC` is read from (the process env). */
  env: Record<string, string | undefined>;
  /** `--lint <file>`: a blueprint (JSON or YAML) to check against the spec. */
  lint?: string | undefined;
  json: boolean;
}

function howToGet(io: Output, missing: string | undefined): void {
  io.err(missing ? `no Mist OpenAPI spec at ${missing}` : "no Mist OpenAPI spec configured");
  io.err(`get mist.openapi.yaml from ${SPEC_SOURCE_URL} (the official Juniper Mist spec),`);
  io.err("then point MIST_OPENAPI_SPEC at it, for the intake API and for this command:");
  io.err("  export MIST_OPENAPI_SPEC=/path/to/mist_openapi/mist.openapi.yaml");
}

/**
 * `spec`: which Mist spec the lint uses (path, version, the dated updates applied to it), or where
 * to get it. `spec --lint <file>`: the same lint the intake API runs at submit, on a local file;
 * exit 1 on errors, 0 with warnings. docs/blueprint-lint.md
 */
export async function specCommand(opts: SpecOptions, io: Output): Promise<number> {
  const where = specLocation(opts.env);
  if (!where?.exists) {
    howToGet(io, where?.path);
    return opts.lint ? 2 : 1;
  }
  const linter = loadBlueprintLinter(where.path);
  const { spec } = linter;
  if (!opts.lint) {
    if (opts.json) {
      io.out(
        JSON.stringify(
          { path: spec.path, source: where.source, version: spec.version, updates: spec.updates },
          null,
          2,
        ),
      );
      return 0;
    }
    io.out(`Mist OpenAPI spec ${spec.version}`);
    io.out(
      `  ${spec.path} (${where.source === "env" ? "MIST_OPENAPI_SPEC" : "default: the CI copy next to the repository"})`,
    );
    if (spec.updates.length === 0) io.out("  no spec updates needed: the file is newer than every one");
    else {
      io.out(`  ${spec.updates.length} spec update(s) applied (fields Mist added after ${spec.version}):`);
      for (const u of spec.updates) io.out(`    ${u.since}  ${u.field}`);
    }
    return 0;
  }
  let loaded: ReturnType<typeof parseBlueprint>;
  try {
    loaded = parseBlueprint(await readFile(opts.lint, "utf8"), opts.lint);
  } catch (e) {
    if (e instanceof BlueprintError || (e as NodeJS.ErrnoException).code === "ENOENT") {
      io.err((e as Error).message);
      return 2;
    }
    throw e;
  }
  const report = linter.lint(loaded.blueprint);
  if (opts.json) io.out(JSON.stringify({ spec: spec.version, ...report }, null, 2));
  else {
    for (const e of report.errors) io.out(`error    ${e.path}: ${e.message}`);
    for (const w of report.warnings) io.out(`warning  ${w.path}: ${w.message}`);
    io.out(
      `${loaded.blueprint.name} v${loaded.blueprint.version}: ${report.errors.length} error(s), ${report.warnings.length} warning(s) against Mist spec ${spec.version}`,
    );
  }
  return report.errors.length > 0 ? 1 : 0;
}
