export * from "./backfill";
export * from "./blueprint-registry";
