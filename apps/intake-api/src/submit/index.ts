export * from "./legacy";
export * from "./submit-deployment";
