export * from "./connections";
