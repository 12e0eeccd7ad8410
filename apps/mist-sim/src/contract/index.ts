export {
  type DeclaredResponse,
  declaredResponse,
  loadOpenApiDocument,
  type OpenApiDocument,
} from "./openapi-document";
export {
  type JsonSchema,
  type SchemaIssue,
  SchemaValidator,
  type ValidatorOptions,
} from "./schema-validator";
export { correctedDocument, SPEC_CORRECTIONS, type SpecCorrection } from "./spec-corrections";
export { findRepoRoot, mistSpecPath } from "./spec-location";
