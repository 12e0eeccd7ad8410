export * from "./batch-store";
export * from "./blueprint-registry";
export * from "./decommissions";
export * from "./deployment-id";
export * from "./imports";
export * from "./lifecycle";
export * from "./org-catalog";
export * from "./store";
