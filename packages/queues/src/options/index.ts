export * from "./job-options";
