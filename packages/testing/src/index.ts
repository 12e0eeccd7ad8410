import "./provided-context";

export * from "./redis";
export { uniquePrefix } from "./unique-prefix";
