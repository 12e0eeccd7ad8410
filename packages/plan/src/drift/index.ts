export * from "./check-drift";
export * from "./drift-store";
