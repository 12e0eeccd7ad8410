export * from "./flow";
export * from "./names";
export * from "./options";
