export * from "./import-store";
