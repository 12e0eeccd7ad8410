export * from "./decommission-flow";
