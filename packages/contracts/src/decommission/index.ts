export * from "./decommission";
