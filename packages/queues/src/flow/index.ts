export * from "./deployment-flow";
export * from "./retry-flow";
