export * from "./batch";
export * from "./deployment-events";
export * from "./site-row";
