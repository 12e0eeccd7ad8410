export * from "./handlers";
export * from "./rollouts";
