export * from "./create-source";
export * from "./field-trigger";
export * from "./generic-source";
export * from "./jira-source";
export * from "./servicenow-source";
export * from "./webhook-source";
