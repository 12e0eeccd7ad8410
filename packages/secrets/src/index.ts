export * from "./caller-token-store";
export * from "./generate-passphrase";
export * from "./secret-box";
export * from "./secret-source";
