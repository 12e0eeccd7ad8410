export * from "./attempt-outcome";
export * from "./define-job";
export * from "./errors";
export * from "./lock";
export * from "./shutdown";
export * from "./worker";
