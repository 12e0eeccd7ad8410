export * from "./upgrade-request";
