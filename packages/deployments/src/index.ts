export * from "./caller-tokens";
export * from "./ids";
export * from "./store";
