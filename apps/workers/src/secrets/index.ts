export * from "./generate-passphrase";
export * from "./secret-source";
