export * from "./batch-store";
