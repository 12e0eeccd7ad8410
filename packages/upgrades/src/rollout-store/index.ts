export * from "./rollout-store";
