export * from "./deployments";
export * from "./health";
export * from "./legacy";
export * from "./orgs";
