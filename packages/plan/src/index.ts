export * from "./deployments";
export * from "./drift";
export * from "./objects";
export * from "./plan-refusal";
export * from "./reader";
export * from "./rollouts";
