export * from "./blueprint-catalog";
