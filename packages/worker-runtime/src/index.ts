export * from "./attempt-outcome";
export * from "./close-with-deadline";
export * from "./create-queue-worker";
export * from "./define-job";
export * from "./lock";
export * from "./step-failure";
