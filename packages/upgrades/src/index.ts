export * from "./ids";
export * from "./plan";
export * from "./rollout-store";
export * from "./sle";
export * from "./store";
