export * from "./org-catalog";
export * from "./site-directory";
