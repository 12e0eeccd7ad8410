export * from "./deployment-id";
