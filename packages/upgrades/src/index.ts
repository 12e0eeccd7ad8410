export * from "./ids";
export * from "./plan";
export * from "./sle";
export * from "./store";
