export * from "./deployments";
export * from "./health";
export * from "./ipam";
export * from "./legacy";
export * from "./metrics";
export * from "./orgs";
export * from "./webhooks";
