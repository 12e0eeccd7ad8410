export * from "./probe";
export * from "./token-pool";
export * from "./token-pool-from-env";
export * from "./tokens-config";
