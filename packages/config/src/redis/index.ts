export * from "./connections";
export * from "./lua-commands";
export * from "./records";
