export { BlueprintLinter, type LintIssue, type LintReport, type LoadedSpec } from "./blueprint-linter";
export {
  BLUEPRINT_OPERATIONS,
  blueprintBodies,
  type LintedBody,
  PLACEHOLDER_ID,
} from "./blueprint-objects";
export { loadBlueprintLinter } from "./load-linter";
