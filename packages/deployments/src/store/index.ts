export * from "./deployment-store";
