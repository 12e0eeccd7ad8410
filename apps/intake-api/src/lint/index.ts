export * from "./blueprint-lint";
export * from "./load-lint";
