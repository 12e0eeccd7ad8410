export * from "./local-stack";
export * from "./paths";
export * from "./service-process";
