export * from "./api/intake-client";
export * from "./api/sse";
export * from "./exit-after-flush";
export * from "./progress/progress-printer";
