export * from "./plan-deployments";
