export * from "./upgrade-flow";
