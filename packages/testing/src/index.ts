export * from "./redis";
export { uniquePrefix } from "./unique-prefix";
