export * from "./step-events";
