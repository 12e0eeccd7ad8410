export * from "./rollout-flow";
