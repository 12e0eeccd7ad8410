export * from "./probe";
export * from "./token-pool";
export * from "./tokens-config";
