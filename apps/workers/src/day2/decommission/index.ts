export * from "./decommission-job";
