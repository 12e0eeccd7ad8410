export * from "./deployment-flow";
