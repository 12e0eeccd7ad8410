export * from "./cancel-deployment";
export * from "./lifecycle-deps";
export * from "./retry-deployment";
