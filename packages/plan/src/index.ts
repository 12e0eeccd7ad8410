export * from "./deployments";
export * from "./drift";
export * from "./objects";
export * from "./reader";
export * from "./refusal";
export * from "./rollouts";
