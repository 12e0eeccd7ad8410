// The spec tooling lives in @mistflow/mist-spec; re-exported for the simulator's own tests.
export {
  correctedDocument,
  type DeclaredResponse,
  declaredResponse,
  findRepoRoot,
  type JsonSchema,
  loadOpenApiDocument,
  mistSpecPath,
  type OpenApiDocument,
  type SchemaIssue,
  SchemaValidator,
  SPEC_CORRECTIONS,
  type SpecCorrection,
  type ValidatorOptions,
} from "@mistflow/mist-spec";
