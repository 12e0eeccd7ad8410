export * from "./upgrade-id";
