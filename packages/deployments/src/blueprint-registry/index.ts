export * from "./blueprint-registry";
