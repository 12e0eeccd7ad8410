export * from "./plan-decommission";
export * from "./submit-decommission";
