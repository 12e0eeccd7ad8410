export * from "./drift-check-job";
export * from "./handlers";
export * from "./rollouts";
