import { loadOpenApiDocument } from "../document";
import { BlueprintLinter } from "./blueprint-linter";

const linters = new Map<string, BlueprintLinter>();

/** Parse and compile once per process and file: the spec is megabytes, a blueprint is not. */
export function loadBlueprintLinter(path: string): BlueprintLinter {
  let linter = linters.get(path);
  if (!linter) {
    linter = new BlueprintLinter(loadOpenApiDocument(path, { memo: false }), path);
    linters.set(path, linter);
  }
  return linter;
}
