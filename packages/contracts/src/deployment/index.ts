export * from "./record";
export * from "./request";
export * from "./step-job";
