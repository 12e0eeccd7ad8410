export * from "./drift";
export * from "./handlers";
export * from "./rollouts";
