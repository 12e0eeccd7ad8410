export * from "./read-org";
export * from "./run-import";
