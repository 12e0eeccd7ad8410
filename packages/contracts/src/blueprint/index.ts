export * from "./blueprint";
export * from "./registry";
