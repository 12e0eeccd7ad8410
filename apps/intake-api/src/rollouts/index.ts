export * from "./rollout-actions";
