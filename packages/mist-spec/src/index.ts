/**
 * @module @mistflow/mist-spec
 * The official Mist OpenAPI spec, read from a configured path (never committed): its loader, a
 * validator for the JSON Schema subset it uses, our corrections and dated updates to it, and the
 * blueprint lint that checks every object body a deployment sends against the operation's schema.
 */
export * from "./corrections";
export * from "./document";
export * from "./lint";
export * from "./updates";
export * from "./validator";
