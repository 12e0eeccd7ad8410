export * from "./build-document";
export * from "./docs-page";
export * from "./openapi-routes";
export type * from "./operation";
export * from "./operations";
