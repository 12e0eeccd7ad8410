export * from "./org-catalog";
