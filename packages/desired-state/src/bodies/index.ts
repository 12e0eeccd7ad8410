export * from "./binding";
export * from "./identity";
export * from "./org-objects";
export * from "./site";
