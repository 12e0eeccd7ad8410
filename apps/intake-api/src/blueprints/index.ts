export * from "./resolve-blueprint";
