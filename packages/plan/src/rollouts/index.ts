export * from "./plan-rollout";
