export * from "./drift-check-job";
