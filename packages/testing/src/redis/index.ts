export * from "./own-cluster";
export * from "./resolve-redis";
