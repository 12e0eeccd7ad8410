export * from "./mist-reader";
export * from "./plan-deployments";
