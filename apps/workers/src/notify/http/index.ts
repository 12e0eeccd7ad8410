export * from "./vendor-call";
