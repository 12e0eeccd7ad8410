export * from "./resolve-redis";
