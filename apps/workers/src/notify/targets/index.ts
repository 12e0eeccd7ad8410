export * from "./generic-target";
export * from "./jira-target";
export * from "./load-write-back";
export * from "./servicenow-target";
export * from "./write-back-target";
