export { setAtPointer } from "./json-pointer";
export {
  type DeclaredResponse,
  declaredResponse,
  loadOpenApiDocument,
  type OpenApiDocument,
} from "./openapi-document";
export { findRepoRoot, mistSpecPath, type SpecLocation, specLocation } from "./spec-location";
