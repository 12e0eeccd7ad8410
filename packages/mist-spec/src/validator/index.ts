export { closestName, levenshtein } from "./closest-name";
export {
  type JsonSchema,
  type SchemaIssue,
  SchemaValidator,
  type ValidatorOptions,
} from "./schema-validator";
export { hasSiteVariable } from "./site-variables";
