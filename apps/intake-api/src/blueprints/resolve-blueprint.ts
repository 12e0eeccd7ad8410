import type { BlueprintCatalog, LoadedBlueprint } from "@mistflow/blueprints";
import { type BlueprintRegistry, isBlueprintVersionError } from "@mistflow/deployments";
import { ApiError, validationError } from "../errors";

export interface BlueprintDeps {
  /** The blueprints as written in `BLUEPRINTS_DIR`. */
  catalog: BlueprintCatalog;
  /** Every version deployed so far; without it only the catalog's own versions exist. */
  registry?: BlueprintRegistry;
}

/** Registration is once per process and blueprint; a failure (Redis away) is retried next time. */
const registrations = new WeakMap<BlueprintRegistry, Map<string, Promise<LoadedBlueprint>>>();

function registered(registry: BlueprintRegistry, written: LoadedBlueprint): Promise<LoadedBlueprint> {
  const byName = registrations.get(registry) ?? new Map<string, Promise<LoadedBlueprint>>();
  registrations.set(registry, byName);
  const key = `${written.blueprint.name}@${written.ref.digest}`;
  let p = byName.get(key);
  if (!p) {
    p = registry.register(written);
    p.catch(() => byName.delete(key));
    byName.set(key, p);
  }
  return p;
}

/** Records every catalog blueprint; a version conflict here stops the process at start-up. */
export async function registerCatalog(catalog: BlueprintCatalog, registry: BlueprintRegistry): Promise<void> {
  for (const name of catalog.names()) {
    const written = catalog.get(name);
    if (written) await registered(registry, written);
  }
}

/**
 * What a deployment of `name` runs: the pinned version, else the newest one registered (which
 * another API replica with a newer file may have added). Unknown names and versions are a 422
 * naming the field; a file edited without a version bump is a 409 until the operator bumps it.
 */
export async function resolveBlueprint(
  deps: BlueprintDeps,
  name: string,
  version: number | undefined,
  field = "blueprint",
): Promise<LoadedBlueprint> {
  const written = deps.catalog.get(name);
  if (!written)
    throw validationError(
      [{ field, message: `unknown blueprint "${name}" (known: ${deps.catalog.names().join(", ")})` }],
      422,
    );
  const versionField = `${field}_version`;
  if (!deps.registry) {
    if (version === undefined || version === written.blueprint.version) return written;
    throw validationError(
      [{ field: versionField, message: `blueprint ${name} has only version ${written.blueprint.version}` }],
      422,
    );
  }
  try {
    await registered(deps.registry, written);
  } catch (e) {
    if (isBlueprintVersionError(e)) throw new ApiError(409, "blueprint_version_conflict", e.message);
    throw e;
  }
  const resolved = await deps.registry.resolve(name, version);
  if (resolved) return resolved;
  const known = (await deps.registry.versions(name)).map((v) => v.version);
  throw validationError(
    [
      {
        field: versionField,
        message: `blueprint ${name} has no version ${version} (known: ${known.join(", ")})`,
      },
    ],
    422,
  );
}
