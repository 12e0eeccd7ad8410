import "./provided-context";

export * from "./http";
export * from "./redis";
export { uniquePrefix } from "./unique-prefix";
