export * from "./diff-desired";
export * from "./matches-desired";
