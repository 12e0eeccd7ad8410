export * from "./ids";
export * from "./store";
