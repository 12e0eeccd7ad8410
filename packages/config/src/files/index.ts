export * from "./read-json-setting";
