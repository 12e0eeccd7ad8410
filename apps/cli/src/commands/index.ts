export * from "./decommission";
export * from "./deploy";
export * from "./follow-deployment";
export * from "./import-org";
export * from "./lifecycle";
export * from "./output";
export * from "./plan";
export * from "./sim";
