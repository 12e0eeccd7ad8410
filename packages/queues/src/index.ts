export * from "./flow";
export * from "./names";
export * from "./notify";
export * from "./options";
