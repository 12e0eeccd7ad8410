export * from "./check-drift";
export * from "./drift-store";
export * from "./mist-made";
