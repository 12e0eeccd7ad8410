export * from "./catalog";
export * from "./import";
export * from "./versions";
