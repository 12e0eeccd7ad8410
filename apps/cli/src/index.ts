export * from "./api/intake-client";
export * from "./progress/progress-printer";
export * from "./stack";
