export * from "./env";
export * from "./files";
export * from "./redis";
