export * from "./deployment-lifecycle";
