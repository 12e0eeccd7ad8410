import "./provided-context";

export * from "./http";
export * from "./own-cluster";
export { uniquePrefix } from "./unique-prefix";
