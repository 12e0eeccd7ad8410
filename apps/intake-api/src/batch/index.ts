export * from "./batch-view";
export * from "./submit-batch";
