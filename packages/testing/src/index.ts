import "./provided-context";

export * from "./own-cluster";
export * from "./recording-server";
export { uniquePrefix } from "./unique-prefix";
