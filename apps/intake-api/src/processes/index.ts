export * from "./run-processes";
