export * from "./define-job";
