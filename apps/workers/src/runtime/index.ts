export * from "./start-domain-worker";
export * from "./step-processor";
