export * from "./api/intake-client";
export * from "./api/sse";
export * from "./progress/progress-printer";
export * from "./stack";
