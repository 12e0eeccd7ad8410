export * from "./client";
export * from "./core";
export * from "./errors";
export * from "./limiter";
export * from "./pagination";
export * from "./pool";
export * from "./preflight";
export * from "./resources";
export { mapLimit } from "./util";
