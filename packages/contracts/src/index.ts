export * from "./blueprint";
export * from "./deployment";
export * from "./steps";
export * from "./ticketing";
