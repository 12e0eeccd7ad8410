export * from "./step-failure";
