export * from "./jira-adf";
export * from "./render-message";
