export * from "./batches";
export * from "./blueprint-registry";
export * from "./decommissions";
export * from "./ids";
export * from "./imports";
export * from "./lifecycle";
export * from "./org-catalog";
export * from "./store";
