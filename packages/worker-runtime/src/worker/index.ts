export * from "./create-queue-worker";
