export * from "./assurance";
export * from "./verdict";
