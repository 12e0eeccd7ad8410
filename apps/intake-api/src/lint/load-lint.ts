import type { Logger } from "@mistflow/logger";
import { loadBlueprintLinter, specLocation } from "@mistflow/mist-spec";
import { BlueprintLint } from "./blueprint-lint";

const SPEC_SOURCE_URL = "https://github.com/mistsys/mist_openapi";

/**
 * Loads and compiles the spec once, at start-up. Without a file the lint is off and the log says
 * so once, with where to get the spec; a file that is there but unreadable stops the start.
 */
export function loadLint(
  env: { MIST_OPENAPI_SPEC?: string | undefined },
  log: Logger,
): BlueprintLint | undefined {
  const where = specLocation({ MIST_OPENAPI_SPEC: env.MIST_OPENAPI_SPEC });
  if (!where?.exists) {
    log.warn(
      { spec: where?.path ?? null },
      `blueprint lint is off: no Mist OpenAPI spec${where ? ` at ${where.path}` : ""}; set MIST_OPENAPI_SPEC to mist.openapi.yaml from ${SPEC_SOURCE_URL}`,
    );
    return undefined;
  }
  const lint = new BlueprintLint(loadBlueprintLinter(where.path));
  log.info(
    { spec: where.path, version: lint.spec.version, spec_updates: lint.spec.updates.length },
    "blueprint lint on",
  );
  return lint;
}
