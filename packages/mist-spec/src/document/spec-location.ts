import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The monorepo root: the nearest ancestor holding `pnpm-workspace.yaml`. */
export function findRepoRoot(from: string = HERE): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where the official Mist spec lives: `MIST_OPENAPI_SPEC` if set (relative to the working directory),
 * else `shared/mist-openapi/mist.openapi.yaml` next to the repository (the spec is reference material
 * and must not be committed into the repo).
 */
export function mistSpecPath(env: Record<string, string | undefined> = process.env): string | undefined {
  const fromEnv = env.MIST_OPENAPI_SPEC?.trim();
  if (fromEnv) return resolve(fromEnv);
  const root = findRepoRoot();
  return root === undefined ? undefined : join(root, "..", "shared", "mist-openapi", "mist.openapi.yaml");
}

export interface SpecLocation {
  /** Absolute path of the file, whether or not it exists. */
  path: string;
  /** `env`: `MIST_OPENAPI_SPEC` named it; `default`: the CI copy next to the repository. */
  source: "env" | "default";
  exists: boolean;
}

/** Where the spec would be read from, and whether it is there; undefined outside a checkout without the env. */
export function specLocation(
  env: Record<string, string | undefined> = process.env,
): SpecLocation | undefined {
  const path = mistSpecPath(env);
  if (path === undefined) return undefined;
  return { path, source: env.MIST_OPENAPI_SPEC?.trim() ? "env" : "default", exists: existsSync(path) };
}
