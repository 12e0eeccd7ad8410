export * from "./plan-blueprint";
export * from "./planned-object";
