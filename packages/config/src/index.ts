export * from "./env";
export * from "./read-json-setting";
export * from "./redis";
