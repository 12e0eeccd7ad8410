export * from "./plan-waves";
export * from "./rollout-store";
export * from "./sle";
export * from "./store";
export * from "./upgrade-id";
