export * from "./bootstrap";
export * from "./bullmq";
