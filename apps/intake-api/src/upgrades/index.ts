export * from "./resume-upgrade";
export * from "./submit-upgrade";
