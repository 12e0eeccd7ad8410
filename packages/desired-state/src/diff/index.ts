export * from "./default-like";
export * from "./diff-desired";
export * from "./matches-desired";
