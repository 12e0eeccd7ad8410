export * from "./rollout";
