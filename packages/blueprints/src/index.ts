export * from "./catalog";
export * from "./import";
