export * from "./decommission-store";
