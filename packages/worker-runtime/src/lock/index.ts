export * from "./redis-lock";
