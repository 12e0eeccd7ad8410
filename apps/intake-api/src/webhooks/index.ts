export * from "./config";
export * from "./dedup";
export * from "./mapping";
export * from "./receive";
export * from "./sources";
export * from "./verify";
