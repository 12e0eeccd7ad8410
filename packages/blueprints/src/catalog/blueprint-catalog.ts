import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { Blueprint, type BlueprintRef } from "@mistflow/contracts";
import { parse as parseYaml } from "yaml";

export interface LoadedBlueprint {
  blueprint: Blueprint;
  ref: BlueprintRef;
  /** Canonical JSON of the validated blueprint; its digest pins what a deployment used. */
  json: string;
  file: string;
}

export class BlueprintError extends Error {
  override name = "BlueprintError";
}

/** Parse and validate one blueprint text; errors name the file and the field path. */
export function parseBlueprint(text: string, file: string): LoadedBlueprint {
  let raw: unknown;
  try {
    raw = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new BlueprintError(
      `${file}: not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${(e as Error).message}`,
    );
  }
  const parsed = Blueprint.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new BlueprintError(`${file}: invalid blueprint: ${issues.join("; ")}`);
  }
  return fromBlueprint(parsed.data, file);
}

export function fromBlueprint(blueprint: Blueprint, file = "(inline)"): LoadedBlueprint {
  const json = JSON.stringify(blueprint);
  const digest = createHash("sha256").update(json).digest("hex").slice(0, 16);
  return { blueprint, json, file, ref: { name: blueprint.name, version: blueprint.version, digest } };
}

/** The Day-1 blueprints a process knows, loaded once at start-up from a directory. */
export class BlueprintCatalog {
  private constructor(private readonly byName: ReadonlyMap<string, LoadedBlueprint>) {}

  static async load(dir: string): Promise<BlueprintCatalog> {
    const files = (await readdir(dir)).filter((f) => [".yaml", ".yml", ".json"].includes(extname(f))).sort();
    const byName = new Map<string, LoadedBlueprint>();
    for (const f of files) {
      const loaded = parseBlueprint(await readFile(join(dir, f), "utf8"), f);
      const clash = byName.get(loaded.blueprint.name);
      if (clash)
        throw new BlueprintError(
          `${f}: blueprint name ${loaded.blueprint.name} is also used by ${clash.file}`,
        );
      byName.set(loaded.blueprint.name, loaded);
    }
    return new BlueprintCatalog(byName);
  }

  static of(...blueprints: LoadedBlueprint[]): BlueprintCatalog {
    return new BlueprintCatalog(new Map(blueprints.map((b) => [b.blueprint.name, b])));
  }

  get(name: string): LoadedBlueprint | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
