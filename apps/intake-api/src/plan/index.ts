export * from "./mist-read-error";
export * from "./mist-reader";
export * from "./plan-deployments";
export * from "./plan-rollout";
