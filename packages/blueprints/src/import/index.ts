export * from "./import-org";
export * from "./org-snapshot";
